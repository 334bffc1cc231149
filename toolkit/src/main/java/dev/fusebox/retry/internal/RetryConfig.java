package dev.fusebox.retry.internal;

import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The immutable, validated configuration a running retry holds. Built by {@code RetrySpec.build()}.
 *
 * @param initialDelay the fixed delay, the exponential backoff's first delay, or the decorrelated backoff's base
 * @param backoffMax the backoff's own maximum (equal to {@code initialDelay} for a fixed backoff)
 * @param maxDelay the cap on every delay, server hints included
 * @param retryOn null when every (non-rejection) failure is retried
 * @param retryOnResult null when no result is retried
 * @param delayHint null when no server hint is read
 * @param random uniform draws in [0, 1) for jitter; replaced by tests to reach the bounds
 */
public record RetryConfig(
    String name,
    int maxAttempts,
    BackoffKind backoff,
    Duration initialDelay,
    Duration backoffMax,
    double multiplier,
    double jitter,
    Duration maxDelay,
    Predicate<Throwable> retryOn,
    Predicate<Object> retryOnResult,
    boolean retryOnRejection,
    boolean budget,
    double budgetRatio,
    int budgetMinRetriesPerSecond,
    Duration budgetWindow,
    Function<Object, Duration> delayHint,
    Clock clock,
    DoubleSupplier random) {
  /** This configuration for a guard's own instance: named {@code guardName}, on its own clock or {@code guardClock}. */
  public RetryConfig forGuard(String guardName, Clock guardClock) {
    Clock clock = this.clock != null ? this.clock : guardClock;
    return new RetryConfig(guardName, maxAttempts, backoff, initialDelay, backoffMax, multiplier, jitter, maxDelay,
        retryOn, retryOnResult, retryOnRejection, budget, budgetRatio, budgetMinRetriesPerSecond, budgetWindow,
        delayHint, clock, random);
  }


  /** A copy on {@code clock}. */
  public RetryConfig withClock(Clock clock) {
    return new RetryConfig(name, maxAttempts, backoff, initialDelay, backoffMax, multiplier, jitter, maxDelay,
        retryOn, retryOnResult, retryOnRejection, budget, budgetRatio, budgetMinRetriesPerSecond, budgetWindow,
        delayHint, clock, random);
  }

  /** A copy drawing its jitter from {@code random}; guards pass their random source, tests reach the bounds. */
  public RetryConfig withRandom(DoubleSupplier random) {
    return new RetryConfig(name, maxAttempts, backoff, initialDelay, backoffMax, multiplier, jitter, maxDelay,
        retryOn, retryOnResult, retryOnRejection, budget, budgetRatio, budgetMinRetriesPerSecond, budgetWindow,
        delayHint, clock, random);
  }

  /**
   * The backoff delay before retry number {@code retry} (1 for the first retry), in nanoseconds.
   *
   * @param previousNanos the previous backoff delay of this execution, 0 before the first retry (used by the
   *     decorrelated-jitter backoff only)
   * @param draw a uniform draw in [0, 1)
   */
  public long backoffNanos(int retry, long previousNanos, double draw) {
    double initial = Durations.toNanos(initialDelay);
    double max = Durations.toNanos(backoffMax);
    double delay = switch (backoff) {
      case FIXED -> initial;
      case EXPONENTIAL -> Math.min(max, initial * Math.pow(multiplier, retry - 1));
      case DECORRELATED_JITTER -> {
        double previous = previousNanos <= 0 ? initial : previousNanos;
        double upper = Math.min(max, previous * 3);
        yield initial + draw * (upper - initial);
      }
    };
    if (jitter > 0 && backoff != BackoffKind.DECORRELATED_JITTER) {
      delay = delay * (1 - jitter * draw);
    }
    return Math.min(Durations.toNanos(maxDelay), (long) delay);
  }
}
