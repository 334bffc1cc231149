package dev.fusebox.hedge.internal;

import dev.fusebox.hedge.Hedge;
import dev.fusebox.hedge.HedgeMetrics;
import dev.fusebox.hedge.HedgeSpec;
import dev.fusebox.internal.Durations;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.retry.internal.RetryBudget;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * The shared part of a hedge: configuration, budget (a {@link RetryBudget}: a hedge is a retry that did not wait)
 * and counters. The per-call part is a {@link HedgeRun}.
 *
 * <p>Thread-safe and lock-free.
 */
public final class HedgeImpl implements Hedge {

  final HedgeConfig config;
  final SharedClock clock;
  final RetryBudget budget;
  final LongAdder calls = new LongAdder();
  final LongAdder hedges = new LongAdder();
  final LongAdder hedgeWins = new LongAdder();
  final LongAdder cancelled = new LongAdder();
  final LongAdder budgetExhausted = new LongAdder();

  public HedgeImpl(HedgeConfig config) {
    this.config = config;
    this.clock = new SharedClock("hedge", config.name(), null);
    this.budget = new RetryBudget(config.budgetRatio(), config.budgetMinPerSecond(),
        Durations.toNanos(HedgeSpec.BUDGET_WINDOW));
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public HedgeMetrics metrics() {
    return new HedgeMetrics(calls.sum(), hedges.sum(), hedgeWins.sum(), cancelled.sum(), budgetExhausted.sum());
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    clock.adopt(context.clock());
    HedgeImpl hedge = this;
    return new Stage() {
      @Override
      public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
        calls.increment();
        budget.onCall(clock.nanoTime());
        return new HedgeRun<>(hedge, context.telemetry(), next, execution, scope).start();
      }

      @Override
      public Object policy() {
        return hedge;
      }
    };
  }

  /** Whether an outcome is worth waiting past for another attempt. Never throws. */
  boolean waitPast(Throwable failure, Object result) {
    try {
      return failure != null ? config.waitPastFailure().test(failure) : config.waitPastResult().test(result);
    } catch (Throwable t) {
      return false;
    }
  }

  @Override
  public String toString() {
    return "Hedge[" + config.name() + ", maxHedgedAttempts=" + config.maxHedgedAttempts() + "]";
  }
}
