package dev.fusebox.hedge;

import dev.fusebox.hedge.internal.HedgeConfig;
import dev.fusebox.ValidationException;
import dev.fusebox.hedge.internal.HedgeImpl;
import dev.fusebox.hedge.internal.HedgeTemplate;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Require;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The configuration DSL of a {@link Hedge}. Defaults: {@value #DEFAULT_MAX_HEDGED_ATTEMPTS} hedged attempt after
 * {@link #DEFAULT_DELAY}, a budget of {@value #DEFAULT_BUDGET_RATIO} of the calls of the last 10 s plus
 * {@value #DEFAULT_BUDGET_MIN_PER_SECOND} per second, and every failure worth waiting past (a success wins).
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class HedgeSpec {

  /** Default number of hedged attempts beyond the first. */
  public static final int DEFAULT_MAX_HEDGED_ATTEMPTS = 1;
  /** Default delay before a hedge. */
  public static final Duration DEFAULT_DELAY = Duration.ofMillis(100);
  /** Default budget ratio: hedges per call. */
  public static final double DEFAULT_BUDGET_RATIO = 0.1;
  /** Default budget floor per second. */
  public static final int DEFAULT_BUDGET_MIN_PER_SECOND = 1;
  /** Window of the budget. */
  public static final Duration BUDGET_WINDOW = Duration.ofSeconds(10);

  private final String name;
  private int maxHedgedAttempts = DEFAULT_MAX_HEDGED_ATTEMPTS;
  private Duration delay = DEFAULT_DELAY;
  private double budgetRatio = DEFAULT_BUDGET_RATIO;
  private int budgetMinPerSecond = DEFAULT_BUDGET_MIN_PER_SECOND;
  private Predicate<Throwable> waitPastFailure = t -> true;
  private Predicate<Object> waitPastResult = r -> false;

  HedgeSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** How many attempts may start beyond the first; >= 1. */
  public HedgeSpec maxHedgedAttempts(int attempts) {
    this.maxHedgedAttempts = Require.atLeast(1, attempts, "maxHedgedAttempts");
    return this;
  }

  /** Starts a hedge when the attempts in flight have not answered after {@code delay}; >= 1ms. */
  public HedgeSpec delay(Duration delay) {
    this.delay = Require.positive(delay, "delay");
    return this;
  }

  /** Hedges at most {@code ratio} of the calls of the last 10 s, plus {@code minPerSecond} per second. */
  public HedgeSpec budget(double ratio, int minPerSecond) {
    Require.atLeast(0.0, ratio, "budget.ratio");
    Require.atLeast(0, minPerSecond, "budget.minPerSecond");
    if (ratio == 0 && minPerSecond == 0) {
      throw new ValidationException("budget", "must allow some hedges: ratio and minPerSecond were both 0", null);
    }
    this.budgetRatio = ratio;
    this.budgetMinPerSecond = minPerSecond;
    return this;
  }

  /** Failures worth waiting past for another attempt (all by default); others win like a success. */
  public HedgeSpec waitPastFailure(Predicate<Throwable> predicate) {
    this.waitPastFailure = Require.nonNull(predicate, "waitPastFailure");
    return this;
  }

  /** Results worth waiting past (an HTTP 503, say); none by default. */
  public HedgeSpec waitPastResult(Predicate<Object> predicate) {
    this.waitPastResult = Require.nonNull(predicate, "waitPastResult");
    return this;
  }

  /** Builds a hedge to share between guards (its budget is shared too). */
  public Hedge build() {
    return new HedgeImpl(config(name));
  }

  /** The policy giving every guard built with it a hedge (and budget) of its own, named after the guard. */
  public Policy toPolicy() {
    return new HedgeTemplate(config(name));
  }

  private HedgeConfig config(String n) {
    return new HedgeConfig(n, maxHedgedAttempts, delay, budgetRatio, budgetMinPerSecond, waitPastFailure,
        waitPastResult);
  }
}
