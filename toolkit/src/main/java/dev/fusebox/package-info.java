/**
 * The guard: one {@code Guard} composes policies, listed outermost first, around an asynchronous
 * operation, and the rejections a caller may see.
 *
 * <p>Start with {@code Guard.of(vertx, "name", g -> g.circuitBreaker(..).timeout(..))}. A guard is immutable and
 * thread-safe; its specs are mutable builders for one thread. Every policy lives in its own package beside this one.
 * Implementations are in {@code internal} packages, which are not API.
 */
package dev.fusebox;
