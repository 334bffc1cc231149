package dev.fusebox.circuitbreaker;

import java.time.Duration;

/**
 * Something a circuit breaker did, delivered to listeners after the fact and outside any critical section.
 *
 * <p>Events are immutable.
 */
public sealed interface CircuitBreakerEvent {

  /** The breaker's name. */
  String breaker();

  /** The breaker moved from {@code from} to {@code to}. */
  record StateTransition(String breaker, CircuitState from, CircuitState to) implements CircuitBreakerEvent {
    /** The transition's telemetry label, such as {@code closed_to_open}. */
    public String label() {
      return from.label() + "_to_" + to.label();
    }
  }

  /** A call admitted in {@code state} succeeded after {@code duration}; {@code slow} if it crossed the threshold. */
  record Success(String breaker, CircuitState state, Duration duration, boolean slow) implements CircuitBreakerEvent {
  }

  /**
   * A call admitted in {@code state} counted as a failure: {@code cause} is its exception, or null when its result
   * was classified as a failure.
   */
  record Failure(String breaker, CircuitState state, Duration duration, boolean slow, Throwable cause)
      implements CircuitBreakerEvent {
  }

  /** A call was refused while the breaker was in {@code state}. */
  record Rejected(String breaker, CircuitState state) implements CircuitBreakerEvent {
  }

  /** A call's outcome matched neither a failure nor a success rule and was not counted. */
  record Ignored(String breaker, CircuitState state, Throwable cause) implements CircuitBreakerEvent {
  }
}
