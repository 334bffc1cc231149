package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitState;

/**
 * One immutable state of a breaker. The breaker swaps whole state objects by compare-and-set; a call remembers the
 * object that admitted it, so its late result is judged against that state, never against a newer one.
 */
abstract sealed class BreakerState permits ClosedState, OpenState, HalfOpenState, ForcedOpenState, DisabledState {

  /** The public name of this state. */
  final CircuitState kind;
  /** The window this state records into (CLOSED, DISABLED) or the one that was current when it began. */
  final Window window;

  BreakerState(CircuitState kind, Window window) {
    this.kind = kind;
    this.window = window;
  }
}
