package dev.fusebox.retry;

import java.time.Duration;

/**
 * Something a retry decided, delivered to listeners after the fact.
 *
 * <p>Events are immutable. Where an event carries {@code cause} and {@code result}, exactly one describes the
 * attempt that failed: {@code cause} is its exception, or null when a result matched by
 * {@link RetrySpec#retryOnResult} was retried, and {@code result} is then that result.
 */
public sealed interface RetryEvent {

  /** The retry's name. */
  String retry();

  /** Attempt number {@code attempt} (2 for the first retry) will start after {@code delay}. */
  record RetryScheduled(String retry, int attempt, Duration delay, Throwable cause, Object result)
      implements RetryEvent {
  }

  /**
   * The retry budget was spent, so the outcome of attempt {@code attempts} went to the caller at once instead of
   * being retried.
   */
  record BudgetExhausted(String retry, int attempts, Throwable cause, Object result) implements RetryEvent {
  }

  /** All {@code attempts} allowed were made and the last one still failed; its outcome went to the caller. */
  record Exhausted(String retry, int attempts, Throwable cause, Object result) implements RetryEvent {
  }

  /** The execution succeeded on attempt {@code attempts}, after at least one retry. */
  record SucceededAfterRetry(String retry, int attempts) implements RetryEvent {
  }
}
