package dev.fusebox;

import dev.fusebox.internal.Durations;
import java.time.Duration;

/**
 * Rejection by a rate limiter with no token to spare; {@link #retryAfter()} says when the next token is due.
 *
 * <p>Immutable.
 */
public final class RateLimitedException extends RejectedException {

  private final Duration retryAfter;

  /** Creates the rejection; {@code retryAfter} is the time until a token is free. */
  public RateLimitedException(String limiterName, Duration retryAfter) {
    super(limiterName, "rateLimiter");
    this.retryAfter = retryAfter;
  }

  /** 429: the caller is over the rate. */
  @Override
  public int httpStatus() {
    return 429;
  }

  @Override
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String getMessage() {
    return "rate limiter '" + policyName() + "' has no permit; next in " + Durations.format(retryAfter);
  }
}
