package dev.fusebox.spi;

import dev.fusebox.Outcome;
import dev.fusebox.circuitbreaker.CircuitState;
import java.time.Duration;

/**
 * Receives the decisions taken during one guarded execution, in order. Every method has an empty default.
 *
 * <p>Calls for one execution happen one after another (never concurrently) but not always on the same thread:
 * an operation's future may complete on another event loop. A method that throws is logged and ignored.
 */
public interface ExecutionObserver {

  /** An observer that ignores everything. */
  ExecutionObserver NOOP = new ExecutionObserver() {
  };

  /**
   * Called around the start of every attempt of the operation itself; the returned scope is closed as soon as the
   * operation has returned its future. Tracing makes its span current here, so spans started by the operation
   * (an HTTP client span, say) become its children.
   */
  default Scope enter(int attempt) {
    return Scope.NOOP;
  }

  /** A circuit breaker admitted the call while in {@code state}. */
  default void onAdmitted(String breaker, CircuitState state) {
  }

  /** This execution's outcome moved {@code breaker} from {@code from} to {@code to}. */
  default void onTransition(String breaker, CircuitState from, CircuitState to) {
  }

  /** A retry is scheduled: attempt {@code nextAttempt} starts after {@code delay} because of {@code cause}. */
  default void onRetry(int nextAttempt, Duration delay, Throwable cause) {
  }

  /** The timeout of {@code timeout} expired and the attempt was abandoned. */
  default void onTimeout(Duration timeout) {
  }

  /** A fallback was invoked for {@code cause}. */
  default void onFallback(Throwable cause) {
  }

  /**
   * The caller's future completed with {@code outcome}; {@code failure} is the caller's failure, or null on
   * success and on a successful fallback.
   */
  default void onEnd(Outcome outcome, Throwable failure) {
  }

  /** A region opened by {@link #enter(int)}; closing it never throws. */
  @FunctionalInterface
  interface Scope extends AutoCloseable {

    /** A scope with nothing to close. */
    Scope NOOP = () -> {
    };

    @Override
    void close();
  }
}
