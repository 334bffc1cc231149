package dev.fusebox.hedge.internal;

import dev.fusebox.hedge.HedgeEvent;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The attempts of one hedged call. Attempt 1 starts at once; each time the delay elapses with no acceptable answer,
 * a hedge starts (budget permitting), each in a child scope of its own. The first acceptable outcome wins: the
 * timer is called off and every other attempt's scope is cancelled (their hooks run). An outcome worth waiting past
 * is kept as the answer of last resort, given when no attempt is left running and no hedge can start.
 *
 * <p>Thread-safe and lock-free: {@code this} counts the attempts running and a negative value means done; the
 * caller's promise is completed by {@code tryComplete}; timers run on the caller's context.
 */
final class HedgeRun<T> extends AtomicInteger implements Runnable {

  private final HedgeImpl hedge;
  private final Telemetry telemetry;
  private final Stage next;
  private final Execution<T> execution;
  private final AttemptScope scope;
  private final Promise<T> promise;
  private final AtomicReferenceArray<AttemptScope> attempts;
  private final AtomicInteger started = new AtomicInteger();
  private volatile Clock.Cancellable timer;
  private volatile boolean noMoreHedges;
  private volatile Future<T> lastResort;

  HedgeRun(HedgeImpl hedge, Telemetry telemetry, Stage next, Execution<T> execution, AttemptScope scope) {
    this.hedge = hedge;
    this.telemetry = telemetry;
    this.next = next;
    this.execution = execution;
    this.scope = scope;
    this.promise = execution.promise();
    this.attempts = new AtomicReferenceArray<>(hedge.config.maxHedgedAttempts() + 1);
  }

  /**
   * Takes over a call whose first attempt, in {@code first}, is running or ended worth waiting past with
   * {@code outcome}; hedges follow from the delay.
   */
  Future<T> start(AttemptScope first, Future<T> outcome) {
    scope.onCancel(this::callOff);
    started.set(1);
    attempts.set(0, first);
    set(1);
    outcome.onComplete((value, failure) -> completed(1, first, value, failure));
    if (!promise.future().isComplete() && get() >= 0) {
      schedule();
    }
    return promise.future();
  }

  private void schedule() {
    if (started.get() > hedge.config.maxHedgedAttempts()) {
      noMoreHedges = true;
      settleIfIdle();
      return;
    }
    timer = hedge.clock.schedule(execution.context(), hedge.config.delay(), this);
    if (get() < 0) {
      timer.cancel();
    }
  }

  /** The delay elapsed with no acceptable answer: hedge, if the budget allows. */
  @Override
  public void run() {
    if (get() < 0 || scope.isCancelled()) {
      return;
    }
    if (!hedge.budget.tryRetry(hedge.clock.nanoTime())) {
      hedge.budgetExhausted.increment();
      report(new HedgeEvent.BudgetExhausted(hedge.config.name(), started.get() + 1));
      noMoreHedges = true;
      settleIfIdle();
      return;
    }
    hedge.hedges.increment();
    report(new HedgeEvent.HedgeStarted(hedge.config.name(), started.get() + 1));
    launch();
    if (get() >= 0) {
      schedule();
    }
  }

  private void launch() {
    int number = started.incrementAndGet();
    AttemptScope attempt = scope.child(number);
    attempts.set(number - 1, attempt);
    for (;;) {
      int running = get();
      if (running < 0) {
        attempt.cancel();
        return;
      }
      if (compareAndSet(running, running + 1)) {
        break;
      }
    }
    Future<T> outcome;
    try {
      outcome = next.run(execution, attempt);
    } catch (Throwable bug) {
      outcome = execution.failed(bug);
    }
    outcome.onComplete((value, failure) -> completed(number, attempt, value, failure));
  }

  private void completed(int number, AttemptScope attempt, T value, Throwable failure) {
    attempt.finish();
    if (!hedge.waitPast(failure, value)) {
      win(number, value, failure);
      return;
    }
    lastResort = failure == null ? Future.succeededFuture(value) : Future.failedFuture(failure);
    for (;;) {
      int running = get();
      if (running < 0) {
        return;
      }
      if (compareAndSet(running, running - 1)) {
        break;
      }
    }
    settleIfIdle();
  }

  /** No attempt runs and none can start: the last outcome worth waiting past goes to the caller. */
  private void settleIfIdle() {
    if ((noMoreHedges || scope.isCancelled()) && compareAndSet(0, -1)) {
      cancelTimer();
      Future<T> last = lastResort;
      if (last != null) {
        last.onComplete(promise);
      }
    }
  }

  private void win(int number, T value, Throwable failure) {
    if (getAndSet(-1) < 0) {
      return;
    }
    cancelTimer();
    int losers = 0;
    for (int i = 0; i < attempts.length(); i++) {
      AttemptScope other = attempts.get(i);
      if (other != null && i != number - 1 && other.cancel()) {
        losers++;
      }
    }
    hedge.cancelled.add(losers);
    if (number > 1) {
      hedge.hedgeWins.increment();
    }
    report(new HedgeEvent.Won(hedge.config.name(), number, losers));
    if (failure == null) {
      promise.tryComplete(value);
    } else {
      promise.tryFail(failure);
    }
  }

  /** The enclosing scope was cancelled: no further hedge; the children are cancelled with it. */
  private void callOff() {
    cancelTimer();
    noMoreHedges = true;
  }

  private void cancelTimer() {
    Clock.Cancellable t = timer;
    if (t != null) {
      t.cancel();
    }
  }

  private void report(HedgeEvent event) {
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, event);
    }
  }
}
