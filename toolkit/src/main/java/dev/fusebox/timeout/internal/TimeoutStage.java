package dev.fusebox.timeout.internal;

import dev.fusebox.GuardTimeoutException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import dev.fusebox.timeout.TimeoutEvent;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the inner stages by a timer on the caller's context. The first of completion and expiry wins: completion
 * cancels the timer and finishes the attempt's scope; expiry fails the caller with a {@link GuardTimeoutException}
 * and cancels the scope, which runs the operation's cancellation hooks (the WebClient integration resets its HTTP
 * request there).
 *
 * <p>Thread-safe: per-call state lives in one {@link Race} object.
 */
public final class TimeoutStage implements Stage {

  private final String guardName;
  private final Duration timeout;
  private final Clock clock;
  private final Telemetry telemetry;
  private final Stage next;

  public TimeoutStage(PolicyContext context, Duration timeout, Stage next) {
    this.guardName = context.guardName();
    this.timeout = timeout;
    this.clock = context.clock();
    this.telemetry = context.telemetry();
    this.next = next;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    AttemptScope attempt = scope.child();
    Future<T> result = next.run(execution, attempt);
    if (result.isComplete()) {
      attempt.finish();
      return result;
    }
    Race<T> race = new Race<>(execution, attempt, execution.promise());
    race.timer = clock.schedule(execution.context(), timeout, race);
    result.onComplete(race);
    return race.promise.future();
  }

  /** One call's race between the operation and the timer; whoever flips the flag first completes the caller. */
  private final class Race<T> extends AtomicBoolean implements Runnable, Completable<T> {
    private final Execution<T> execution;
    private final AttemptScope attempt;
    private final Promise<T> promise;
    private volatile Clock.Cancellable timer;

    Race(Execution<T> execution, AttemptScope attempt, Promise<T> promise) {
      this.execution = execution;
      this.attempt = attempt;
      this.promise = promise;
    }

    /** The timer fired. */
    @Override
    public void run() {
      if (compareAndSet(false, true)) {
        if (telemetry.isEnabled(execution)) {
          telemetry.report(execution, new TimeoutEvent.Expired(guardName, timeout));
        }
        attempt.cancel();
        promise.fail(new GuardTimeoutException(guardName, timeout));
      }
    }

    /** The operation completed. */
    @Override
    public void complete(T value, Throwable failure) {
      if (compareAndSet(false, true)) {
        Clock.Cancellable scheduled = timer;
        if (scheduled != null) {
          scheduled.cancel();
        }
        attempt.finish();
        promise.complete(value, failure);
      }
    }
  }
}
