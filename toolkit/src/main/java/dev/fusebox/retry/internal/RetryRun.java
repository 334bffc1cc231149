package dev.fusebox.retry.internal;

import dev.fusebox.internal.AttemptScope;
import dev.fusebox.internal.Execution;
import dev.fusebox.internal.Stage;
import dev.fusebox.spi.Clock;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.internal.PromiseInternal;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attempts of one call after the first one failed: decides whether to retry, waits on a timer of the caller's
 * context, starts the next attempt there, and completes the caller's promise with the last outcome.
 *
 * <p>Attempts run one after another, so the fields below are touched by one thread at a time; the state (an
 * {@link AtomicInteger}: attempting, waiting, done) arbitrates between the timer and a cancellation of the
 * enclosing scope (an outer timeout), so that once cancelled no further attempt starts and the timer is called off.
 */
final class RetryRun<T> extends AtomicInteger implements Completable<T>, Runnable {

  private static final int ATTEMPTING = 0;
  private static final int WAITING = 1;
  private static final int DONE = 2;

  private final RetryImpl retry;
  private final Clock clock;
  private final Stage next;
  private final Execution<T> execution;
  private final AttemptScope scope;
  private final PromiseInternal<T> promise;
  private final int maxAttempts;
  private int attempt = 1;
  private long previousBackoff;
  private boolean watchingScope;
  private T lastResult;
  private Throwable lastFailure;
  private volatile Clock.Cancellable timer;

  RetryRun(RetryImpl retry, Clock clock, Stage next, Execution<T> execution, AttemptScope scope) {
    this.retry = retry;
    this.clock = clock;
    this.next = next;
    this.execution = execution;
    this.scope = scope;
    this.promise = execution.context.promise();
    this.maxAttempts = retry.config().maxAttempts();
  }

  Future<T> future() {
    return promise.future();
  }

  /** An attempt completed. */
  @Override
  public void complete(T result, Throwable failure) {
    afterAttempt(result, failure, retry.classify(failure, result));
  }

  void afterAttempt(T result, Throwable failure, int verdict) {
    if (verdict == RetryImpl.DONE) {
      if (failure == null && attempt > 1) {
        retry.succeededAfterRetry(attempt);
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
      retry.exhausted(attempt, failure, result);
      finish(result, failure);
      return;
    }
    if (!retry.tryRetry(attempt, failure, result)) {
      finish(result, failure);
      return;
    }
    long backoff = retry.backoffNanos(attempt, previousBackoff);
    previousBackoff = backoff;
    long delay = retry.delayNanos(backoff, failure, result);
    attempt++;
    lastResult = result;
    lastFailure = failure;
    retry.retryScheduled(attempt, delay, failure, result);
    execution.observer.onRetry(attempt, Duration.ofNanos(delay), failure);
    schedule(delay);
  }

  private void schedule(long delayNanos) {
    if (!watchingScope) {
      watchingScope = true;
      scope.onCancel(this::cancelled);
    }
    set(WAITING);
    if (delayNanos <= 0) {
      execution.context.runOnContext(ignored -> run());
    } else {
      Clock.Cancellable scheduled = clock.schedule(execution.context, Duration.ofNanos(delayNanos), this);
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
    Future<T> outcome;
    try {
      outcome = next.run(execution, new AttemptScope(scope, attempt));
    } catch (Throwable bug) {
      outcome = Future.failedFuture(bug);
    }
    if (outcome.isComplete()) {
      complete(outcome.result(), outcome.cause());
    } else {
      outcome.onComplete(this);
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
}
