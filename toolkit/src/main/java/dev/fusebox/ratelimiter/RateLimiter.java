package dev.fusebox.ratelimiter;

import dev.fusebox.Subscription;
import dev.fusebox.spi.Policy;
import java.util.function.Consumer;

/**
 * A rate limiter: a token bucket that admits calls at a steady rate with a bounded burst, and never blocks. A call
 * that finds no token is either rejected at once with a {@link dev.fusebox.RateLimitedException} that says when a
 * token will be free, or — when a maximum wait is configured and the next token is due within it — delayed on a
 * timer of the caller's context and then run.
 *
 * <p>The bucket is kept as one number, the time at which it will next be full of debt (the "theoretical arrival
 * time" of the generic cell rate algorithm): tokens refill continuously, nothing runs in the background, and over
 * any window of length {@code L} at most {@code burst + L * permits / per} calls start.
 *
 * <p>A limiter is stateful and meant to be shared: create it with {@link #of(String, Consumer)} and pass it to every
 * guard that should share the rate ({@code g.rateLimiter(limiter)}), or let a guard create its own with
 * {@code g.rateLimiter(r -> ...)}.
 *
 * <p>Thread-safe and lock-free: one compare-and-set per admitted call.
 */
public interface RateLimiter extends Policy {

  /** Creates a rate limiter configured by {@code block}, Kotlin-DSL style. */
  static RateLimiter of(String name, Consumer<RateLimiterSpec> block) {
    RateLimiterSpec spec = new RateLimiterSpec(name);
    if (block == null) {
      throw new dev.fusebox.ValidationException("block", "must not be null", null);
    }
    block.accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link RateLimiterSpec#build()}. */
  static RateLimiterSpec builder(String name) {
    return new RateLimiterSpec(name);
  }

  /** The limiter's name, used in rejections, events and telemetry. */
  String name();

  @Override
  default String kind() {
    return "rateLimiter";
  }

  /** A read-out of the tokens available now and of the decisions so far. */
  RateLimiterMetrics metrics();

  /** Registers a listener for every event of this limiter. */
  Subscription onEvent(Consumer<? super RateLimiterEvent> listener);
}
