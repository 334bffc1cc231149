package dev.fusebox.timeout.internal;

import dev.fusebox.GuardTimeoutException;
import dev.fusebox.internal.AttemptScope;
import dev.fusebox.internal.Execution;
import dev.fusebox.internal.Stage;
import dev.fusebox.spi.Clock;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.internal.PromiseInternal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds the inner stages by a timer on the caller's context. The first of completion and expiry wins: completion
 * cancels the timer; expiry fails the caller with a {@link GuardTimeoutException} and cancels the attempt's scope,
 * which runs the operation's cancellation hooks (the WebClient integration resets its HTTP request there).
 *
 * <p>Thread-safe: per-call state lives in one {@link Race} object.
 */
public final class TimeoutStage extends Stage {

  private final String guardName;
  private final Duration timeout;
  private final Clock clock;

  public TimeoutStage(String guardName, Duration timeout, Clock clock, Stage next) {
    super(next);
    this.guardName = guardName;
    this.timeout = timeout;
    this.clock = clock;
  }

  /** The configured timeout. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    AttemptScope attempt = AttemptScope.childOf(scope);
    Future<T> result = next.run(execution, attempt);
    if (result.isComplete()) {
      return result;
    }
    Race<T> race = new Race<>(execution, attempt, execution.context.promise());
    race.timer = clock.schedule(execution.context, timeout, race);
    result.onComplete(race);
    return race.promise.future();
  }

  /** One call's race between the operation and the timer; whoever flips the flag first completes the caller. */
  private final class Race<T> extends AtomicBoolean implements Runnable, Completable<T> {
    private final Execution<T> execution;
    private final AttemptScope attempt;
    private final PromiseInternal<T> promise;
    private volatile Clock.Cancellable timer;

    Race(Execution<T> execution, AttemptScope attempt, PromiseInternal<T> promise) {
      this.execution = execution;
      this.attempt = attempt;
      this.promise = promise;
    }

    /** The timer fired. */
    @Override
    public void run() {
      if (compareAndSet(false, true)) {
        execution.observer.onTimeout(timeout);
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
        promise.complete(value, failure);
      }
    }
  }
}
