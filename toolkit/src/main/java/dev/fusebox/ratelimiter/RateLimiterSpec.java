package dev.fusebox.ratelimiter;

import dev.fusebox.ValidationException;
import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Require;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.Policy;
import dev.fusebox.ratelimiter.internal.RateLimiterConfig;
import dev.fusebox.ratelimiter.internal.RateLimiterImpl;
import dev.fusebox.ratelimiter.internal.RateLimiterTemplate;
import dev.fusebox.spi.Clock;
import java.time.Duration;

/**
 * The configuration DSL of a rate limiter. Every setter validates its argument at once; {@link #build()} checks
 * the settings against each other and copies them, so reusing a spec never changes a limiter already built.
 *
 * <p>The rate has no default and must be set. Defaults: a burst equal to the rate's permits, and no wait (a call
 * with no token is rejected at once).
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class RateLimiterSpec {

  /** Default maximum wait for a token: none. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;

  private final String name;
  private int permits;
  private Duration per;
  private int burst;
  private Duration maxWait = DEFAULT_MAX_WAIT;
  private Clock clock;

  RateLimiterSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** Admits {@code permits} (>= 1) calls every {@code per} (>= 1ms), refilling continuously. */
  public RateLimiterSpec rate(int permits, Duration per) {
    Require.atLeast(1, permits, "permits");
    Require.positive(per, "per");
    if (permits > Durations.toNanos(per)) {
      throw new ValidationException("permits", "must be at most 1 per nanosecond of per",
          permits + " per " + Durations.format(per));
    }
    this.permits = permits;
    this.per = per;
    return this;
  }

  /** How many calls may start at once after a quiet period: the bucket's size; >= 1. Defaults to the permits. */
  public RateLimiterSpec burst(int calls) {
    this.burst = Require.atLeast(1, calls, "burst");
    return this;
  }

  /**
   * How long a call may wait for its token, on a timer, before being rejected; zero (the default) rejects at once.
   * A call that waits has its token reserved: it starts when the token is due, whatever arrives meanwhile.
   */
  public RateLimiterSpec maxWait(Duration wait) {
    this.maxWait = Require.nonNegative(wait, "maxWait");
    return this;
  }

  /** The clock the bucket reads and waits on; {@link Clock#system()} unless set here or inherited from the guard. */
  public RateLimiterSpec clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /** The name given at creation. */
  public String name() {
    return name;
  }

  /**
   * Checks the settings and builds a limiter to share between guards. Without {@link #clock(Clock)} it takes the
   * clock of the first guard it is composed into.
   */
  public RateLimiter build() {
    return new RateLimiterImpl(config().withClock(new SharedClock("rate limiter", name, clock)));
  }

  /**
   * Checks the settings and returns the policy that gives every guard built with it a limiter of its own, on the
   * guard's clock (or this spec's). The spec is copied: changing it later changes no policy.
   */
  public Policy toPolicy() {
    return new RateLimiterTemplate(config().withClock(clock));
  }

  private RateLimiterConfig config() {
    if (per == null) {
      throw new ValidationException("permits", "must be set with rate(permits, per)", "unset");
    }
    int effectiveBurst = burst == 0 ? permits : burst;
    RateLimiterConfig config = new RateLimiterConfig(name, permits, per, effectiveBurst, maxWait, null);
    long interval = config.intervalNanos();
    if (interval > Long.MAX_VALUE / 4 / effectiveBurst) {
      throw new ValidationException("burst", "* (per / permits) must be below 73 years",
          effectiveBurst + " * " + Durations.format(Duration.ofNanos(interval)));
    }
    return config;
  }
}
