package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitState;

/** DISABLED: every call passes and is recorded, but nothing ever trips. Immutable. */
final class DisabledState extends BreakerState implements Permit {

  DisabledState(Window window) {
    super(CircuitState.DISABLED, window);
  }

  @Override
  public CircuitState admittedIn() {
    return CircuitState.DISABLED;
  }
}
