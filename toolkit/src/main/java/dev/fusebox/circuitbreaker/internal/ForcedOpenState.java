package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;
import io.vertx.core.Future;

/** FORCED_OPEN: every call is rejected until the breaker is reset. Immutable. */
final class ForcedOpenState extends BreakerState implements Rejection {

  private final CircuitOpenException exception;
  private final Future<?> failed;

  ForcedOpenState(String name, Window window, Clock clock) {
    super(CircuitState.FORCED_OPEN, window);
    this.exception = new CircuitOpenException(name, CircuitState.FORCED_OPEN, Long.MAX_VALUE, clock);
    this.failed = Future.failedFuture(exception);
  }

  @Override
  public CircuitOpenException exception() {
    return exception;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Future<T> failedFuture() {
    return (Future<T>) failed;
  }
}
