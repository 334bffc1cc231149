package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;

/**
 * A state that refused a call. Each one holds a single immutable exception for its whole lifetime, and the
 * exception caches its failed future per context, so rejecting allocates nothing.
 */
public sealed interface Rejection permits OpenState, HalfOpenState, ForcedOpenState {

  /** The exception describing this rejection. */
  CircuitOpenException exception();
}
