package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Completable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A call admitted by a breaker that counts in-flight slow calls: whichever comes first of the slow-call timer and
 * the completion records the call, exactly once. The timer records it as slow; a completion before the timer
 * cancels it and records the real outcome; a completion after it is not recorded again.
 *
 * <p>Thread-safe: one compare-and-set decides.
 */
final class InFlightCall<T> extends AtomicBoolean implements Runnable, Completable<T> {

  private final CircuitBreakerImpl breaker;
  private final Permit permit;
  private final long start;
  private final Telemetry telemetry;
  private final Execution<?> execution;
  volatile Clock.Cancellable timer;

  InFlightCall(CircuitBreakerImpl breaker, Permit permit, long start, Telemetry telemetry, Execution<?> execution) {
    this.breaker = breaker;
    this.permit = permit;
    this.start = start;
    this.telemetry = telemetry;
    this.execution = execution;
  }

  /** The call is still running at the slow-call threshold. */
  @Override
  public void run() {
    if (compareAndSet(false, true)) {
      breaker.onSlowInFlight(permit, telemetry, execution);
    }
  }

  /** The call completed. */
  @Override
  public void complete(T value, Throwable failure) {
    if (compareAndSet(false, true)) {
      Clock.Cancellable scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel();
      }
      breaker.onComplete(permit, true, start, failure, value, telemetry, execution);
    }
  }
}
