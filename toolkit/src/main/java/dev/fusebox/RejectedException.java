package dev.fusebox;

import java.time.Duration;

/**
 * A call refused by a stateful policy before it ran: an open circuit breaker, a full bulkhead, an exhausted rate
 * limiter. Rejections are cheap: they carry no stack trace and, where they say when to come back,
 * {@link #retryAfter()} feeds an HTTP {@code Retry-After} header.
 *
 * <p>Instances are immutable: suppression and stack traces are disabled.
 */
public abstract sealed class RejectedException extends RuntimeException
    permits CircuitOpenException, BulkheadFullException, RateLimitedException {

  private final String policyName;

  RejectedException(String policyName) {
    super(null, null, false, false);
    this.policyName = policyName;
  }

  /** The name of the policy that rejected the call. */
  public String policyName() {
    return policyName;
  }

  /** How long the caller should wait before trying again; {@link Duration#ZERO} when unknown or now. */
  public abstract Duration retryAfter();

  @Override
  public abstract String getMessage();
}
