package dev.fusebox.retry.internal;

import dev.fusebox.internal.Durations;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attempts of one call after the first one: decides whether to retry, waits on a timer of the caller's context,
 * starts the next attempt there in a scope of its own, and completes the caller's promise with the last outcome.
 *
 * <p>Attempts run one after another, so the plain fields are touched by one thread at a time; the state (an
 * {@link AtomicInteger}: attempting, waiting, done) arbitrates between the timer and a cancellation of the enclosing
 * scope (an outer timeout), so that once cancelled no further attempt starts and the timer is called off. Each
 * attempt's scope is finished when the attempt completes, so an outer cancellation reaches only the attempt in
 * flight, and finished attempts are not kept.
 */
final class RetryRun<T> extends AtomicInteger implements Runnable {

  private static final int ATTEMPTING = 0;
  private static final int WAITING = 1;
  private static final int DONE = 2;

  private final RetryStage stage;
  private final RetryImpl retry;
  private final Execution<T> execution;
  private final AttemptScope scope;
  private final Promise<T> promise;
  private final int maxAttempts;
  private int attempt = 1;
  private long previousBackoff;
  private boolean watchingScope;
  private T lastResult;
  private Throwable lastFailure;
  private volatile Clock.Cancellable timer;

  RetryRun(RetryStage stage, Execution<T> execution, AttemptScope scope) {
    this.stage = stage;
    this.retry = stage.retry;
    this.execution = execution;
    this.scope = scope;
    this.promise = execution.promise();
    this.maxAttempts = retry.config().maxAttempts();
  }

  Future<T> future() {
    return promise.future();
  }

  /** Waits for the attempt running in {@code attemptScope}. */
  void watch(AttemptScope attemptScope, Future<T> outcome) {
    outcome.onComplete(new AttemptDone(attemptScope));
  }

  void afterAttempt(T result, Throwable failure, int verdict) {
    if (verdict == RetryImpl.DONE) {
      if (failure == null && attempt > 1) {
        retry.succeededAfterRetry(attempt, stage.telemetry, execution);
      }
      finish(result, failure);
      return;
    }
    if (scope.isCancelled()) {
      // An outer policy gave up on this call: no further attempt.
      finish(result, failure);
      return;
    }
    if (attempt >= maxAttempts) {
      retry.exhausted(attempt, failure, result, stage.telemetry, execution);
      finish(result, failure);
      return;
    }
    long backoff = retry.backoffNanos(attempt, previousBackoff);
    long delay = backoff;
    Duration hint = retry.hint(failure, result);
    if (hint != null) {
      long hintNanos = Durations.toNanos(hint);
      if (hintNanos > retry.maxDelayNanos()) {
        // The server asked for a longer wait than this retry may make: never retry sooner than asked.
        retry.retryAfterTooLong(attempt, hint, failure, result, stage.telemetry, execution);
        finish(result, failure);
        return;
      }
      delay = Math.max(hintNanos, backoff);
    }
    if (!retry.tryRetry(attempt, failure, result, stage.telemetry, execution)) {
      finish(result, failure);
      return;
    }
    previousBackoff = backoff;
    attempt++;
    lastResult = result;
    lastFailure = failure;
    retry.retryScheduled(attempt, delay, failure, result, stage.telemetry, execution);
    schedule(delay);
  }

  private void schedule(long delayNanos) {
    if (!watchingScope) {
      watchingScope = true;
      scope.onCancel(this::cancelled);
    }
    set(WAITING);
    if (delayNanos <= 0) {
      execution.context().runOnContext(ignored -> run());
    } else {
      Clock.Cancellable scheduled = stage.clock.schedule(execution.context(), Duration.ofNanos(delayNanos), this);
      timer = scheduled;
      if (get() == DONE) {
        // Cancelled while the timer was being set up.
        scheduled.cancel();
      }
    }
    if (scope.isCancelled()) {
      cancelled();
    }
  }

  /** The delay elapsed: start the next attempt, on the caller's context. */
  @Override
  public void run() {
    if (!compareAndSet(WAITING, ATTEMPTING)) {
      return;
    }
    AttemptScope attemptScope = scope.child(attempt);
    Future<T> outcome;
    try {
      outcome = stage.next.run(execution, attemptScope);
    } catch (Throwable bug) {
      outcome = Future.failedFuture(bug);
    }
    if (outcome.isComplete()) {
      attemptScope.finish();
      afterAttempt(outcome.result(), outcome.cause(), retry.classify(outcome.cause(), outcome.result()));
    } else {
      watch(attemptScope, outcome);
    }
  }

  /** The enclosing scope was cancelled: call off a pending retry and hand back the last outcome. */
  private void cancelled() {
    if (compareAndSet(WAITING, DONE)) {
      Clock.Cancellable scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel();
      }
      settle(lastResult, lastFailure);
    }
  }

  private void finish(T result, Throwable failure) {
    set(DONE);
    settle(result, failure);
  }

  private void settle(T result, Throwable failure) {
    if (failure == null) {
      promise.tryComplete(result);
    } else {
      promise.tryFail(failure);
    }
  }

  /** The completion of one attempt: finishes its scope, then decides. */
  private final class AttemptDone implements Completable<T> {
    private final AttemptScope attemptScope;

    AttemptDone(AttemptScope attemptScope) {
      this.attemptScope = attemptScope;
    }

    @Override
    public void complete(T result, Throwable failure) {
      attemptScope.finish();
      afterAttempt(result, failure, retry.classify(failure, result));
    }
  }
}
