package dev.fusebox.retry;

import dev.fusebox.ValidationException;
import dev.fusebox.RejectedException;
import dev.fusebox.internal.Durations;
import dev.fusebox.internal.Predicates;
import dev.fusebox.RetryAfterHint;
import dev.fusebox.spi.Require;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.Policy;
import dev.fusebox.retry.internal.BackoffKind;
import dev.fusebox.retry.internal.RetryConfig;
import dev.fusebox.retry.internal.RetryImpl;
import dev.fusebox.retry.internal.RetryTemplate;
import dev.fusebox.spi.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The configuration DSL of a retry. Every setter validates its argument at once; {@link #build()} checks the
 * settings against each other and copies them, so reusing a spec never changes a retry already built.
 *
 * <p>Defaults: {@value #DEFAULT_MAX_ATTEMPTS} attempts, exponential backoff from {@link #DEFAULT_INITIAL_DELAY}
 * doubling up to {@link #DEFAULT_MAX_DELAY}, no jitter, every exception retried except rejections
 * ({@link RejectedException}: open breaker, full bulkhead, rate limit), no result retried, no budget.
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class RetrySpec {

  /** Default number of attempts, the first one included. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;
  /** Default first delay of the exponential backoff. */
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(100);
  /** Default longest delay of the exponential backoff. */
  public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(10);
  /** Default growth of the exponential backoff. */
  public static final double DEFAULT_MULTIPLIER = 2.0;
  /** Default window over which the retry budget counts calls and retries. */
  public static final Duration DEFAULT_BUDGET_WINDOW = Duration.ofSeconds(10);

  private final String name;
  private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
  private BackoffKind backoff = BackoffKind.EXPONENTIAL;
  private String backoffField = "backoff.initial";
  private Duration initialDelay = DEFAULT_INITIAL_DELAY;
  private Duration backoffMax = DEFAULT_MAX_DELAY;
  private double multiplier = DEFAULT_MULTIPLIER;
  private double jitter;
  private Duration maxDelay;
  private final List<Predicate<Throwable>> retryOn = new ArrayList<>();
  private final List<Predicate<Object>> retryOnResult = new ArrayList<>();
  private boolean retryOnRejection;
  private boolean budget;
  private double budgetRatio;
  private int budgetMinRetriesPerSecond;
  private Duration budgetWindow = DEFAULT_BUDGET_WINDOW;
  private Function<Object, Duration> delayHint;
  private Clock clock;

  RetrySpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** How many attempts in all, the first one included; >= 1 (1 means never retry). */
  public RetrySpec maxAttempts(int attempts) {
    this.maxAttempts = Require.atLeast(1, attempts, "maxAttempts");
    return this;
  }

  /** Waits {@code delay} before every retry; zero retries at once (still on the caller's context). */
  public RetrySpec fixedBackoff(Duration delay) {
    Require.nonNegative(delay, "backoff.initial");
    return backoff(BackoffKind.FIXED, "backoff.initial", delay, delay, 1.0);
  }

  /** Waits {@code initial} before the first retry, doubling each time up to {@code max}. */
  public RetrySpec exponentialBackoff(Duration initial, Duration max) {
    return exponentialBackoff(initial, max, DEFAULT_MULTIPLIER);
  }

  /** Waits {@code initial} before the first retry, growing by {@code multiplier} (>= 1) each time up to {@code max}. */
  public RetrySpec exponentialBackoff(Duration initial, Duration max, double multiplier) {
    Require.positive(initial, "backoff.initial");
    Require.positive(max, "backoff.max");
    Require.notBelow(max, "backoff.max", initial, "backoff.initial");
    Require.atLeast(1.0, multiplier, "backoff.multiplier");
    return backoff(BackoffKind.EXPONENTIAL, "backoff.initial", initial, max, multiplier);
  }

  /**
   * "Decorrelated jitter": each delay is drawn at random between {@code base} and three times the previous delay,
   * capped at {@code max}. Spreads the retries of many clients apart better than a jittered exponential backoff.
   */
  public RetrySpec decorrelatedJitterBackoff(Duration base, Duration max) {
    Require.positive(base, "backoff.initial");
    Require.positive(max, "backoff.max");
    Require.notBelow(max, "backoff.max", base, "backoff.initial");
    return backoff(BackoffKind.DECORRELATED_JITTER, "backoff.initial", base, max, 3.0);
  }

  private RetrySpec backoff(BackoffKind kind, String field, Duration initial, Duration max, double multiplier) {
    this.backoff = kind;
    this.backoffField = field;
    this.initialDelay = initial;
    this.backoffMax = max;
    this.multiplier = multiplier;
    return this;
  }

  /**
   * Randomises this fraction of each fixed or exponential delay: a delay {@code d} becomes a uniform draw between
   * {@code d * (1 - fraction)} and {@code d}, so jitter never lengthens a delay. 0 (the default) for none, 0.5 for
   * "equal jitter", 1 for "full jitter". In
   * [0, 1]. The decorrelated-jitter backoff is random already and takes no jitter.
   */
  public RetrySpec jitter(double fraction) {
    this.jitter = Require.fraction(fraction, "jitter");
    return this;
  }

  /**
   * Caps every delay, server-requested ones ({@link #delayHint}) included. Defaults to the backoff's own maximum:
   * the delay itself for a fixed backoff, {@code max} for the others. Set it to let a server ask for longer waits
   * than the backoff would take.
   */
  public RetrySpec maxDelay(Duration max) {
    this.maxDelay = Require.nonNegative(max, "maxDelay");
    return this;
  }

  /** Retries only failures of these types or their subtypes (several calls add up). */
  @SafeVarargs
  public final RetrySpec retryOn(Class<? extends Throwable>... types) {
    retryOn.add(Predicates.anyType(types, "retryOn"));
    return this;
  }

  /** Retries only failures matching {@code predicate} (several calls add up). */
  public RetrySpec retryOn(Predicate<Throwable> predicate) {
    retryOn.add(Require.nonNull(predicate, "retryOn"));
    return this;
  }

  /**
   * Also retries successful results matching {@code predicate} (an HTTP 503 response, say), without turning them
   * into exceptions. When the last attempt still gives such a result, the caller gets that result, as a success.
   * Several calls add up.
   */
  public RetrySpec retryOnResult(Predicate<Object> predicate) {
    retryOnResult.add(Require.nonNull(predicate, "retryOnResult"));
    return this;
  }

  /**
   * Whether rejections by an inner policy ({@link RejectedException}: open breaker, full bulkhead, rate limit)
   * may be retried when they match {@link #retryOn}. False by default: retrying a rejection only adds load.
   */
  public RetrySpec retryOnRejection(boolean retry) {
    this.retryOnRejection = retry;
    return this;
  }

  /**
   * Limits retries to {@code ratio} of the calls of the last {@link #DEFAULT_BUDGET_WINDOW}, plus
   * {@code minRetriesPerSecond} per second of that window so that low traffic can still retry. When the budget
   * is spent, the failure goes to the caller at once and a {@link RetryEvent.BudgetExhausted} event says so.
   */
  public RetrySpec budget(double ratio, int minRetriesPerSecond) {
    return budget(ratio, minRetriesPerSecond, DEFAULT_BUDGET_WINDOW);
  }

  /** Like {@link #budget(double, int)}, counting over {@code window} (>= 10ms, kept in 10 buckets). */
  public RetrySpec budget(double ratio, int minRetriesPerSecond, Duration window) {
    Require.atLeast(0.0, ratio, "budget.ratio");
    Require.atLeast(0, minRetriesPerSecond, "budget.minPerSecond");
    Require.positive(window, "budget.window");
    if (window.toMillis() < 10) {
      throw new ValidationException("budget.window", "must be >= 10ms", Durations.format(window));
    }
    if (ratio == 0 && minRetriesPerSecond == 0) {
      throw new ValidationException("budget", "must allow some retries: ratio and minPerSecond were both 0", null);
    }
    this.budget = true;
    this.budgetRatio = ratio;
    this.budgetMinRetriesPerSecond = minRetriesPerSecond;
    this.budgetWindow = window;
    return this;
  }

  /**
   * Reads a server-requested delay (from a {@code Retry-After} header, say) off the failure or the retried result.
   * By default the hint of a {@link dev.fusebox.RetryAfterHint} failure (a rejection, an HTTP 429/503) is read. A
   * hint is never shortened: the retry waits the longer of the hint and its backoff, and when the hint is longer
   * than {@link #maxDelay} the retry stops and hands the last outcome to the caller. A null or non-positive answer
   * means no hint; a function that throws is logged and the backoff delay is used.
   */
  public RetrySpec delayHint(Function<Object, Duration> hint) {
    this.delayHint = Require.nonNull(hint, "delayHint");
    return this;
  }

  /** The clock the budget reads; {@link Clock#system()} unless set here or inherited from the guard. */
  public RetrySpec clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /** The name given at creation. */
  public String name() {
    return name;
  }

  /**
   * Checks the settings against each other and builds a retry to share between guards (its budget is shared too).
   * Without {@link #clock(Clock)} it takes the clock of the first guard it is composed into.
   */
  public Retry build() {
    return new RetryImpl(config().withClock(new SharedClock("retry", name, clock)));
  }

  /**
   * Checks the settings and returns the policy that gives every guard built with it a retry (and budget) of its
   * own, named after the guard, on the guard's clock and random source. The spec is copied: changing it later
   * changes no policy.
   */
  public Policy toPolicy() {
    return new RetryTemplate(config().withClock(clock));
  }

  private RetryConfig config() {
    if (backoff == BackoffKind.DECORRELATED_JITTER && jitter > 0) {
      throw new ValidationException("jitter", "must be 0 with decorrelatedJitterBackoff (it is random already)",
          String.valueOf(jitter));
    }
    Duration cap = backoff == BackoffKind.FIXED ? initialDelay : backoffMax;
    if (maxDelay != null) {
      Require.notBelow(maxDelay, "maxDelay", initialDelay, backoffField);
      cap = maxDelay;
    }
    return new RetryConfig(name, maxAttempts, backoff, initialDelay, backoffMax, multiplier, jitter,
        cap, Predicates.anyOf(retryOn), Predicates.anyOf(retryOnResult), retryOnRejection, budget, budgetRatio,
        budgetMinRetriesPerSecond, budgetWindow, delayHint != null ? delayHint : RetrySpec::retryAfterOf, null,
        () -> ThreadLocalRandom.current().nextDouble());
  }

  private static Duration retryAfterOf(Object outcome) {
    return outcome instanceof RetryAfterHint hint ? hint.retryAfter() : null;
  }
}
