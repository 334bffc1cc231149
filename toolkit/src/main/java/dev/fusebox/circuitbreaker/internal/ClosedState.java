package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitState;

/** CLOSED: every call passes and is recorded in the window. Immutable; the window itself is lock-free. */
final class ClosedState extends BreakerState implements Permit {

  ClosedState(Window window) {
    super(CircuitState.CLOSED, window);
  }

  @Override
  public CircuitState admittedIn() {
    return CircuitState.CLOSED;
  }
}
