package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;

/** FORCED_OPEN: every call is rejected until the breaker is reset. Immutable. */
final class ForcedOpenState extends BreakerState implements Rejection {

  private final CircuitOpenException exception;

  ForcedOpenState(String name, Window window, Clock clock) {
    super(CircuitState.FORCED_OPEN, window);
    this.exception = new CircuitOpenException(name, CircuitState.FORCED_OPEN, Long.MAX_VALUE, clock);
  }

  @Override
  public CircuitOpenException exception() {
    return exception;
  }
}
