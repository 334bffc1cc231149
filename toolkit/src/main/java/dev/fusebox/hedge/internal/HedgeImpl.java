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
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import dev.fusebox.hedge.HedgeEvent;
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
  final LongAdder calls;
  final LongAdder hedges;
  final LongAdder hedgeWins;
  final LongAdder cancelled;
  final LongAdder budgetExhausted;

  public HedgeImpl(HedgeConfig config) {
    this.config = config;
    this.clock = new SharedClock("hedge", config.name(), null);
    this.budget = new RetryBudget(config.budgetRatio(), config.budgetMinPerSecond(),
        Durations.toNanos(HedgeSpec.BUDGET_WINDOW));
    this.calls = new LongAdder();
    this.hedges = new LongAdder();
    this.hedgeWins = new LongAdder();
    this.cancelled = new LongAdder();
    this.budgetExhausted = new LongAdder();
  }

  /** {@code kept} under {@code config}, for a reload: its name, clock, counters and budget's window so far. */
  private HedgeImpl(HedgeImpl kept, HedgeConfig config) {
    this.config = config.named(kept.config.name());
    this.clock = kept.clock;
    this.budget = new RetryBudget(kept.budget, config.budgetRatio(), config.budgetMinPerSecond());
    this.calls = kept.calls;
    this.hedges = kept.hedges;
    this.hedgeWins = kept.hedgeWins;
    this.cancelled = kept.cancelled;
    this.budgetExhausted = kept.budgetExhausted;
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
    return new HedgeStage(this, context, next);
  }

  /**
   * The stage of a hedge. A reload keeps a guard's own hedge (budget window, counters) under the new settings; a
   * shared hedge given again stays as it is, another one replaces it.
   */
  private static final class HedgeStage implements Stage, Reconfigurable {
    private final HedgeImpl hedge;
    private final PolicyContext context;
    private final Stage next;

    HedgeStage(HedgeImpl hedge, PolicyContext context, Stage next) {
      this.hedge = hedge;
      this.context = context;
      this.next = next;
    }

    @Override
    public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
      hedge.calls.increment();
      hedge.budget.onCall(hedge.clock.nanoTime());
      AttemptScope first = scope.child(1);
      Future<T> outcome;
      try {
        outcome = next.run(execution, first);
      } catch (Throwable bug) {
        outcome = execution.failed(bug);
      }
      if (outcome.isComplete() && !hedge.waitPast(outcome.cause(), outcome.result())) {
        // Answered at once: no timer, no per-call state; the common case on a healthy dependency.
        first.finish();
        Telemetry telemetry = context.telemetry();
        if (telemetry.isEnabled(execution)) {
          telemetry.report(execution, new HedgeEvent.Won(hedge.config.name(), 1, 0));
        }
        return outcome;
      }
      return new HedgeRun<>(hedge, context.telemetry(), next, execution, scope).start(first, outcome);
    }

    @Override
    public Object policy() {
      return hedge;
    }

    @Override
    public Policy reconfigure(Policy replacement) {
      if (replacement instanceof HedgeTemplate template) {
        return new HedgeImpl(hedge, template.config());
      }
      return replacement;
    }
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
