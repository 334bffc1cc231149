package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;

/** FORCED_OPEN: every call is rejected until the breaker is reset. Immutable. */
final class ForcedOpenState extends BreakerState {

  private final CircuitOpenException exception;

  ForcedOpenState(String name, Window window, Clock clock) {
    super(CircuitState.FORCED_OPEN, window);
    this.exception = new CircuitOpenException(name, CircuitState.FORCED_OPEN, Long.MAX_VALUE, clock);
  }

  /** The rejection of this state: one exception for its whole lifetime, caching its failed future per context. */
  CircuitOpenException exception() {
    return exception;
  }
}
