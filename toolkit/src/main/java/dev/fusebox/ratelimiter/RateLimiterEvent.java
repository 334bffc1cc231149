package dev.fusebox.ratelimiter;

import java.time.Duration;

/**
 * Something a rate limiter decided, delivered to listeners after the fact.
 *
 * <p>Events are immutable.
 */
public sealed interface RateLimiterEvent {

  /** The limiter's name. */
  String limiter();

  /** A call got a token and starts after {@code delay} (zero when it starts at once). */
  record Permitted(String limiter, Duration delay) implements RateLimiterEvent {
  }

  /** A call found no token within the maximum wait; the next one is free after {@code retryAfter}. */
  record Rejected(String limiter, Duration retryAfter) implements RateLimiterEvent {
  }
}
