package dev.fusebox.ratelimiter.internal;

import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Clock;
import java.time.Duration;

/**
 * The immutable, validated configuration a running rate limiter holds. Built by {@code RateLimiterSpec.build()}.
 *
 * @param clock the clock the bucket reads and the delayed calls wait on
 */
public record RateLimiterConfig(String name, int permits, Duration per, int burst, Duration maxWait, Clock clock) {
  /** This configuration for a guard's own instance: named {@code guardName}, on its own clock or {@code guardClock}. */
  public RateLimiterConfig forGuard(String guardName, Clock guardClock) {
    Clock clock = this.clock != null ? this.clock : guardClock;
    return new RateLimiterConfig(guardName, permits, per, burst, maxWait, clock);
  }


  /** This configuration on {@code clock}. */
  public RateLimiterConfig withClock(Clock clock) {
    return new RateLimiterConfig(name, permits, per, burst, maxWait, clock);
  }

  /** Nanoseconds between two tokens, rounded up so the limiter never admits more than the rate. */
  public long intervalNanos() {
    long perNanos = Durations.toNanos(per);
    return perNanos / permits + (perNanos % permits == 0 ? 0 : 1);
  }
}
