package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitState;

/**
 * Permission for one call, handed back with its outcome. CLOSED and DISABLED states are their own permits, so the
 * common path allocates nothing; a half-open probe gets a {@link Probe}.
 */
public sealed interface Permit permits ClosedState, DisabledState, Probe {

  /** The state that admitted the call. */
  CircuitState admittedIn();
}
