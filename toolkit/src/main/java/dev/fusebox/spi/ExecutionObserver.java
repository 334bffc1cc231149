package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.Outcome;
import java.time.Duration;

/**
 * Receives the lifecycle of one guarded call — the start of each attempt, every policy event, the end — from the
 * {@link GuardObserver} that created it. Every method has an empty default.
 *
 * <p>Concurrency: calls for one execution may come from several threads, and concurrently when a hedging policy
 * runs attempts in parallel; implementations must be thread-safe. {@link #onEnd} is called once, when the caller's
 * future completes; an abandoned attempt that finishes later may still report events after it. An observer is
 * isolated from the guard and from the other observers: whatever it throws is logged and ignored, and the scopes it
 * opened are always closed.
 */
public interface ExecutionObserver {

  /** An observer that ignores everything. */
  ExecutionObserver NOOP = new ExecutionObserver() {
  };

  /**
   * Called around the start of every attempt of the operation itself; the returned scope is closed as soon as the
   * operation has returned its future. Tracing makes its span current here, so spans started by the operation (an
   * HTTP client span, say) become its children.
   */
  default Scope enter(int attempt) {
    return Scope.NOOP;
  }

  /** A policy of the guard reported {@code event} during this call. */
  default void onEvent(PolicyEvent event) {
  }

  /**
   * The caller's future completed with {@code outcome} after {@code elapsed}, measured on the guard's clock;
   * {@code failure} is the caller's failure, or null on success and on a successful fallback.
   */
  default void onEnd(Outcome outcome, @Nullable Throwable failure, Duration elapsed) {
  }

  /** A region opened by {@link #enter(int)}. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    /** A scope with nothing to close. */
    Scope NOOP = () -> {
    };

    @Override
    void close();
  }
}
