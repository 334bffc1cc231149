package dev.fusebox.spi;

/**
 * Watches every execution of a guard; the extension point that tracing and metrics integrations plug into.
 *
 * <p>{@link #onStart} is called once per {@code execute} on the caller's thread and returns the observer of that one
 * execution. Implementations must be thread-safe and cheap; one that throws is logged and replaced by a no-op for
 * that execution, never failing the call.
 */
@FunctionalInterface
public interface GuardObserver {

  /** Starts observing one execution of {@code guardName}. */
  ExecutionObserver onStart(String guardName);
}
