/**
 * Extension points: the clock policies read time and schedule timers through, and the observers that receive
 * every call's lifecycle (tracing and metrics are built on them).
 *
 * <p>Types here are stable contracts for implementors; they never expose an {@code internal} type.
 */
@NullMarked
package dev.fusebox.spi;

import org.jspecify.annotations.NullMarked;
