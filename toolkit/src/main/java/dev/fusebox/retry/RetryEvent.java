package dev.fusebox.retry;

import java.time.Duration;

/**
 * Something a retry decided, delivered to listeners after the fact.
 *
 * <p>Events are immutable. Where an event carries {@code cause} and {@code result}, exactly one describes the
 * attempt that failed: {@code cause} is its exception, or null when a result matched by
 * {@link RetrySpec#retryOnResult} was retried, and {@code result} is then that result.
 */
public sealed interface RetryEvent extends dev.fusebox.spi.PolicyEvent {

  /** The policy kind, {@value}. */
  String KIND = "retry";

  @Override
  default String policyName() {
    return retry();
  }

  @Override
  default String policyKind() {
    return KIND;
  }

  /** The retry's name. */
  String retry();

  /** Attempt number {@code attempt} (2 for the first retry) will start after {@code delay}. */
  record RetryScheduled(String retry, int attempt, Duration delay, Throwable cause, Object result)
      implements RetryEvent {
    @Override
    public String name() {
      return "fusebox.retry";
    }

    @Override
    public java.util.Map<String, Object> attributes() {
      String message = cause == null ? null : cause.getMessage();
      return java.util.Map.of("retry.attempt", (long) attempt, "retry.delay_ms", delay.toMillis(),
          "exception.type", cause == null ? "" : cause.getClass().getName(),
          "exception.message", message == null ? "" : message);
    }
  }

  /**
   * The retry budget was spent, so the outcome of attempt {@code attempts} went to the caller at once instead of
   * being retried.
   */
  record BudgetExhausted(String retry, int attempts, Throwable cause, Object result) implements RetryEvent {
    @Override
    public String name() {
      return "fusebox.retry.budget_exhausted";
    }
  }

  /**
   * The failure of attempt {@code attempts} asked for a wait ({@code Retry-After}) longer than the retry may wait,
   * so its outcome went to the caller instead of being retried early.
   */
  record RetryAfterTooLong(String retry, int attempts, Duration retryAfter, Throwable cause, Object result)
      implements RetryEvent {
    @Override
    public String name() {
      return "fusebox.retry.retry_after_too_long";
    }

    @Override
    public java.util.Map<String, Object> attributes() {
      return java.util.Map.of("fusebox.retry_after_ms", retryAfter.toMillis());
    }
  }

  /** All {@code attempts} allowed were made and the last one still failed; its outcome went to the caller. */
  record Exhausted(String retry, int attempts, Throwable cause, Object result) implements RetryEvent {
    @Override
    public String name() {
      return "fusebox.retry.exhausted";
    }
  }

  /** The execution succeeded on attempt {@code attempts}, after at least one retry. */
  record SucceededAfterRetry(String retry, int attempts) implements RetryEvent {
    @Override
    public String name() {
      return "fusebox.retry.succeeded";
    }
  }
}
