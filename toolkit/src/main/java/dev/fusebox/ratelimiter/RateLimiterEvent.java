package dev.fusebox.ratelimiter;

import java.time.Duration;

/**
 * Something a rate limiter decided, delivered to listeners after the fact.
 *
 * <p>Events are immutable.
 */
public sealed interface RateLimiterEvent extends dev.fusebox.spi.PolicyEvent {

  /** The policy kind, {@value}. */
  String KIND = "rateLimiter";

  @Override
  default String policyName() {
    return limiter();
  }

  @Override
  default String policyKind() {
    return KIND;
  }

  /** The limiter's name. */
  String limiter();

  /** A call got a token and starts after {@code delay} (zero when it starts at once). */
  record Permitted(String limiter, Duration delay) implements RateLimiterEvent {
    @Override
    public String name() {
      return "fusebox.rate_limiter.permitted";
    }
  }

  /** A call found no token within the maximum wait; the next one is free after {@code retryAfter}. */
  record Rejected(String limiter, Duration retryAfter) implements RateLimiterEvent {
    @Override
    public String name() {
      return "fusebox.rate_limiter.rejected";
    }
  }
}
