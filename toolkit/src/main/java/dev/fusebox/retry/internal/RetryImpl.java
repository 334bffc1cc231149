package dev.fusebox.retry.internal;

import dev.fusebox.RejectedException;
import dev.fusebox.Subscription;
import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Listeners;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import dev.fusebox.retry.Retry;
import dev.fusebox.retry.RetryEvent;
import dev.fusebox.retry.RetryMetrics;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The shared part of a retry: its configuration, its budget, its counters and its listeners. The per-call part
 * lives in {@link RetryRun}.
 *
 * <p>Thread-safe and lock-free: counters are {@link LongAdder}s, the budget is a ring of atomics, events fire after
 * the decision they report.
 */
public final class RetryImpl implements Retry {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  /** {@link #classify}: the outcome goes to the caller. */
  static final int DONE = 0;
  /** {@link #classify}: the outcome may be retried. */
  static final int RETRY = 1;

  private final RetryConfig config;
  private final String name;
  private final RetryBudget budget;
  private final Listeners<RetryEvent> listeners;
  private final LongAdder calls;
  private final LongAdder retries;
  private final LongAdder succeededAfterRetry;
  private final LongAdder exhausted;
  private final LongAdder budgetExhausted;

  public RetryImpl(RetryConfig config) {
    this.config = config;
    this.name = config.name();
    this.budget = config.budget()
        ? new RetryBudget(config.budgetRatio(), config.budgetMinRetriesPerSecond(),
            Durations.toNanos(config.budgetWindow()))
        : null;
    this.listeners = new Listeners<>("retry", name);
    this.calls = new LongAdder();
    this.retries = new LongAdder();
    this.succeededAfterRetry = new LongAdder();
    this.exhausted = new LongAdder();
    this.budgetExhausted = new LongAdder();
  }

  /** The successor of {@code kept} under {@code config}: its name, listeners, counters and budget's history. */
  private RetryImpl(RetryImpl kept, RetryConfig config) {
    this.config = config;
    this.name = kept.name;
    if (!config.budget()) {
      this.budget = null;
    } else if (kept.budget != null && kept.config.budgetWindow().equals(config.budgetWindow())) {
      this.budget = new RetryBudget(kept.budget, config.budgetRatio(), config.budgetMinRetriesPerSecond());
    } else {
      this.budget = new RetryBudget(config.budgetRatio(), config.budgetMinRetriesPerSecond(),
          Durations.toNanos(config.budgetWindow()));
    }
    this.listeners = kept.listeners;
    this.calls = kept.calls;
    this.retries = kept.retries;
    this.succeededAfterRetry = kept.succeededAfterRetry;
    this.exhausted = kept.exhausted;
    this.budgetExhausted = kept.budgetExhausted;
  }

  /**
   * This retry under the settings {@code next}, for a reload: the same name, listeners and counters, and the
   * budget's calls and retries of the window so far (a budget whose window changed starts afresh).
   */
  RetryImpl successor(RetryConfig next) {
    return new RetryImpl(this, next);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    if (config.clock() instanceof SharedClock shared) {
      shared.adopt(context.clock());
    }
    return new RetryStage(this, context, next);
  }

  /** The configuration this retry runs with. */
  public RetryConfig config() {
    return config;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RetryMetrics metrics() {
    long available = budget == null ? -1 : budget.available(config.clock().nanoTime());
    return new RetryMetrics(calls.sum(), retries.sum(), succeededAfterRetry.sum(), exhausted.sum(),
        budgetExhausted.sum(), available);
  }

  @Override
  public Subscription onEvent(Consumer<? super RetryEvent> listener) {
    return listeners.add(listener);
  }

  // ---------------------------------------------------------------------------------------------- decisions

  /** Counts one execution, in the metrics and in the budget. */
  void onCall() {
    calls.increment();
    if (budget != null) {
      budget.onCall(config.clock().nanoTime());
    }
  }

  /** {@link #RETRY} when the outcome may be retried, else {@link #DONE}. Never throws. */
  int classify(Throwable failure, Object result) {
    try {
      if (failure != null) {
        if (failure instanceof RejectedException && !config.retryOnRejection()) {
          return DONE;
        }
        Predicate<Throwable> retryOn = config.retryOn();
        return retryOn == null || retryOn.test(failure) ? RETRY : DONE;
      }
      Predicate<Object> retryOnResult = config.retryOnResult();
      return retryOnResult != null && retryOnResult.test(result) ? RETRY : DONE;
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "a retry predicate of retry '" + name + "' threw; the outcome is not retried", t);
      return DONE;
    }
  }

  /** Takes one retry from the budget; returns false, counted and reported, when it is spent. */
  boolean tryRetry(int attempts, Throwable failure, Object result, Telemetry telemetry, Execution<?> execution) {
    if (budget == null || budget.tryRetry(config.clock().nanoTime())) {
      return true;
    }
    budgetExhausted.increment();
    if (wanted(telemetry, execution)) {
      fire(new RetryEvent.BudgetExhausted(name, attempts, failure, result), telemetry, execution);
    }
    return false;
  }

  private boolean wanted(Telemetry telemetry, Execution<?> execution) {
    return !listeners.isEmpty() || telemetry.isEnabled(execution);
  }

  private void fire(RetryEvent event, Telemetry telemetry, Execution<?> execution) {
    telemetry.report(execution, event);
    listeners.fire(event);
  }

  /** The server-requested wait read off the failure or the result, or null when there is none. */
  Duration hint(Throwable failure, Object result) {
    Function<Object, Duration> hint = config.delayHint();
    try {
      Duration requested = hint.apply(failure != null ? failure : result);
      return requested == null || requested.isNegative() || requested.isZero() ? null : requested;
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "the delayHint of retry '" + name + "' threw; the backoff delay is used", t);
      return null;
    }
  }

  /** The longest wait this retry may make before an attempt. */
  long maxDelayNanos() {
    return Durations.toNanos(config.maxDelay());
  }

  void retryAfterTooLong(int attempts, Duration hint, Throwable failure, Object result, Telemetry telemetry,
      Execution<?> execution) {
    if (wanted(telemetry, execution)) {
      fire(new RetryEvent.RetryAfterTooLong(name, attempts, hint, failure, result), telemetry, execution);
    }
  }

  /** The backoff delay before retry number {@code retry}. */
  long backoffNanos(int retry, long previousNanos) {
    return config.backoffNanos(retry, previousNanos, config.random().getAsDouble());
  }

  void retryScheduled(int nextAttempt, long delayNanos, Throwable failure, Object result, Telemetry telemetry,
      Execution<?> execution) {
    retries.increment();
    if (wanted(telemetry, execution)) {
      fire(new RetryEvent.RetryScheduled(name, nextAttempt, Duration.ofNanos(delayNanos), failure, result),
          telemetry, execution);
    }
  }

  void exhausted(int attempts, Throwable failure, Object result, Telemetry telemetry, Execution<?> execution) {
    exhausted.increment();
    if (wanted(telemetry, execution)) {
      fire(new RetryEvent.Exhausted(name, attempts, failure, result), telemetry, execution);
    }
  }

  void succeededAfterRetry(int attempts, Telemetry telemetry, Execution<?> execution) {
    succeededAfterRetry.increment();
    if (wanted(telemetry, execution)) {
      fire(new RetryEvent.SucceededAfterRetry(name, attempts), telemetry, execution);
    }
  }

  @Override
  public String toString() {
    return "Retry[" + name + ", maxAttempts=" + config.maxAttempts() + "]";
  }
}
