package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;

/**
 * Watches every execution of a guard; the extension point that tracing and metrics integrations plug into.
 *
 * <p>{@link #onStart} is called once per {@code execute} on the caller's thread and returns the observer of that one
 * execution (null for none). Implementations must be thread-safe and cheap. One that throws is logged and leaves
 * that execution unobserved by it alone: the guard's other observers still see it.
 */
@FunctionalInterface
public interface GuardObserver {

  /** Starts observing one execution of {@code guardName}. */
  @Nullable ExecutionObserver onStart(String guardName);
}
