package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;

/**
 * OPEN: calls are rejected until {@link #halfOpenAtNanos}; the first call after that moves the breaker to
 * HALF_OPEN. Immutable.
 */
final class OpenState extends BreakerState implements Rejection {

  /** Clock reading from which a call may half-open the breaker. */
  final long halfOpenAtNanos;
  /** How many times in a row the breaker opened without closing in between (1 for the first). */
  final int openings;
  private final CircuitOpenException exception;

  OpenState(String name, Window window, long halfOpenAtNanos, int openings, Clock clock) {
    super(CircuitState.OPEN, window);
    this.halfOpenAtNanos = halfOpenAtNanos;
    this.openings = openings;
    this.exception = new CircuitOpenException(name, CircuitState.OPEN, halfOpenAtNanos, clock);
  }

  @Override
  public CircuitOpenException exception() {
    return exception;
  }
}
