package dev.fusebox.bulkhead.internal;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Clock;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.internal.PromiseInternal;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call waiting in a bulkhead's queue, then running with the permit it was handed.
 *
 * <p>Its state moves once from WAITING to RUNNING (a permit was handed over) or to DONE (the maximum wait passed,
 * or the enclosing scope was cancelled), and once from RUNNING to DONE when the permit goes back. Each move is a
 * compare-and-set, so exactly one of permit, timeout and cancellation wins, and the permit goes back exactly once.
 *
 * <p>Thread-safe.
 */
final class QueuedCall<T> extends AtomicInteger implements Runnable, Completable<T> {

  private static final int WAITING = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final BulkheadImpl bulkhead;
  private final Stage next;
  private final Execution<T> execution;
  private final AttemptScope scope;
  private final PromiseInternal<T> promise;
  private final Clock clock;
  private long queuedAt;
  private volatile Clock.Cancellable timer;

  QueuedCall(BulkheadImpl bulkhead, Stage next, Execution<T> execution, AttemptScope scope) {
    this.bulkhead = bulkhead;
    this.next = next;
    this.execution = execution;
    this.scope = scope;
    this.promise = (PromiseInternal<T>) execution.<T>promise();
    this.clock = bulkhead.config().clock();
  }

  Future<T> future() {
    return promise.future();
  }

  /** Joins the queue; the caller has reserved a place. */
  void enqueue() {
    queuedAt = clock.nanoTime();
    timer = clock.schedule(execution.context(), bulkhead.maxWait(), this::timedOut);
    // Registered before the operation runs, so the operation's own hooks (newer) run before the permit goes back.
    scope.onCancel(this);
    bulkhead.enqueue(this);
  }

  /** Hands this call a permit the bulkhead took for it; false if the call no longer waits. */
  boolean grant() {
    if (!compareAndSet(WAITING, RUNNING)) {
      return false;
    }
    bulkhead.leftQueue(this, true);
    Clock.Cancellable scheduled = timer;
    if (scheduled != null) {
      scheduled.cancel();
    }
    bulkhead.permitted(Duration.ofNanos(Math.max(0, clock.nanoTime() - queuedAt)));
    // Start on the caller's context, and never inside the releasing call's stack.
    execution.context().runOnContext(ignored -> start());
    return true;
  }

  private void start() {
    if (get() != RUNNING) {
      promise.tryFail(cancelled());
      return;
    }
    Future<T> outcome;
    try {
      outcome = next.run(execution, scope);
    } catch (Throwable bug) {
      outcome = Future.failedFuture(bug);
    }
    outcome.onComplete(this);
  }

  private void timedOut() {
    if (compareAndSet(WAITING, DONE)) {
      bulkhead.leftQueue(this, false);
      BulkheadFullException rejection = bulkhead.queueTimedOut();
      execution.reject(rejection);
      promise.tryFail(rejection);
    }
  }

  /** The enclosing scope was cancelled: leave the queue, or give the permit back. */
  @Override
  public void run() {
    if (compareAndSet(WAITING, DONE)) {
      bulkhead.leftQueue(this, false);
      Clock.Cancellable scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel();
      }
      promise.tryFail(cancelled());
    } else {
      release();
    }
  }

  /** The call completed. */
  @Override
  public void complete(T result, Throwable failure) {
    release();
    if (failure == null) {
      promise.tryComplete(result);
    } else {
      promise.tryFail(failure);
    }
  }

  private void release() {
    if (compareAndSet(RUNNING, DONE)) {
      bulkhead.release();
    }
  }

  private CancellationException cancelled() {
    return new CancellationException("bulkhead '" + bulkhead.name() + "': call cancelled before it ran");
  }
}
