/**
 * The guard: one {@code Guard} composes policies, listed outermost first, around an asynchronous
 * operation, and the rejections a caller may see.
 *
 * <p>Start with {@code Guard.of(vertx, "name", g -> g.circuitBreaker(..).timeout(..))}. A guard is immutable and
 * thread-safe; its specs are mutable builders for one thread. Every policy lives in its own package beside this one.
 * Implementations are in {@code internal} packages, which are not API.
 *
 * <p>Null-marked (JSpecify): a type is non-null unless it says {@code @Nullable}; the result type {@code T} of a
 * guard may be nullable ({@code Guard<Void>} completes with null).
 */
@NullMarked
package dev.fusebox;

import org.jspecify.annotations.NullMarked;
