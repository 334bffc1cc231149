package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import io.vertx.core.Future;

/**
 * A state that refused a call. Each one holds a single immutable exception and failed future for its whole
 * lifetime, so rejecting allocates nothing.
 */
public sealed interface Rejection permits OpenState, HalfOpenState, ForcedOpenState {

  /** The exception describing this rejection. */
  CircuitOpenException exception();

  /** A completed, failed future carrying {@link #exception()}, bound to no context. */
  <T> Future<T> failedFuture();
}
