package dev.fusebox.ratelimiter.internal;

import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.RateLimitedException;
import dev.fusebox.Subscription;
import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Listeners;
import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.ratelimiter.RateLimiterEvent;
import dev.fusebox.ratelimiter.RateLimiterMetrics;
import dev.fusebox.spi.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The token bucket, kept as a single clock reading: the time at which the bucket would be exactly empty if no call
 * came (its "theoretical arrival time"). A call at {@code now} conforms when that time is at most
 * {@code (burst - 1) * interval} ahead of {@code now}, and taking its token pushes the time one interval further.
 *
 * <p>Over any window of length {@code L}, at most {@code burst + L / interval} calls start: the time advances by
 * one interval per admitted call and a call may start at most {@code (burst - 1)} intervals before it.
 *
 * <p>Thread-safe and lock-free: one compare-and-set on one {@link AtomicLong} per admitted call; rejections write
 * nothing but counters.
 */
public final class RateLimiterImpl implements RateLimiter {

  private final String name;
  private final Clock clock;
  /** The rate in force: one immutable snapshot, swapped whole by {@link #apply}. */
  private volatile Rate rate;
  private final AtomicLong emptyAt;
  private final AtomicInteger waiting = new AtomicInteger();
  private final LongAdder permitted = new LongAdder();
  private final LongAdder delayed = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final Listeners<RateLimiterEvent> listeners;

  public RateLimiterImpl(RateLimiterConfig config) {
    this.name = config.name();
    this.clock = config.clock();
    this.rate = new Rate(config);
    this.emptyAt = new AtomicLong(clock.nanoTime());
    this.listeners = new Listeners<>("rate limiter", name);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    if (clock instanceof SharedClock shared && shared.adopt(context.clock())) {
      // Built on the system clock, now on the guard's: a full bucket on the adopted time line.
      emptyAt.set(clock.nanoTime());
    }
    return stage(next, false);
  }

  /** The stage of this limiter in a guard; {@code owned} when the guard created the limiter for itself. */
  Stage stage(Stage next, boolean owned) {
    return new RateLimiterStage(this, next, owned);
  }

  /** The configuration this limiter runs with. */
  public RateLimiterConfig config() {
    return rate.config;
  }

  /** The settings of {@code template} as this limiter would run them: its name and clock kept. */
  RateLimiterConfig prepare(RateLimiterConfig template) {
    return new RateLimiterConfig(name, template.permits(), template.per(), template.burst(), template.maxWait(),
        clock);
  }

  /**
   * Runs at the rate of {@code next} (from {@link #prepare}) from now on, without dropping or granting a token: the
   * tokens already taken ahead of now stay taken, re-timed at the new interval (calls waiting for theirs keep their
   * timers), so the bucket is as full as it was, and refills at the new rate up to the new burst.
   */
  void apply(RateLimiterConfig next) {
    Rate old = rate;
    Rate now = new Rate(next);
    rate = now;
    for (;;) {
      long current = emptyAt.get();
      long at = clock.nanoTime();
      long debt = current - at;
      if (debt <= 0) {
        return;
      }
      long owed = (long) Math.ceil((double) debt / old.intervalNanos * now.intervalNanos);
      if (emptyAt.compareAndSet(current, at + owed)) {
        return;
      }
    }
  }

  /** The clock the bucket reads and delayed calls wait on. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public RateLimiterMetrics metrics() {
    Rate r = rate;
    long debt = emptyAt.get() - clock.nanoTime();
    long available = debt <= 0 ? r.burst : Math.max(0, r.burst - ceilDiv(debt, r.intervalNanos));
    return new RateLimiterMetrics((int) available, waiting.get(), permitted.sum(), delayed.sum(), rejected.sum());
  }

  @Override
  public Subscription onEvent(Consumer<? super RateLimiterEvent> listener) {
    return listeners.add(listener);
  }

  @Override
  public String toString() {
    RateLimiterConfig config = rate.config;
    return "RateLimiter[" + name + ", " + config.permits() + " per " + Durations.format(config.per()) + "]";
  }

  /**
   * Takes a token for a call arriving at clock reading {@code now}.
   *
   * @return the delay in nanoseconds (>= 0) after which the call may start, its token reserved; or, when no token
   *     is due within the maximum wait, {@code -1 - retryAfterNanos}, a negative number
   */
  public long reserve(long now) {
    Rate r = rate;
    for (;;) {
      long current = emptyAt.get();
      long base = current - now > 0 ? current : now;
      long wait = base - r.toleranceNanos - now;
      if (wait > r.maxWaitNanos) {
        rejected.increment();
        if (!listeners.isEmpty()) {
          listeners.fire(new RateLimiterEvent.Rejected(name, Duration.ofNanos(wait)));
        }
        return -1 - wait;
      }
      if (emptyAt.compareAndSet(current, base + r.intervalNanos)) {
        long delay = Math.max(0, wait);
        permitted.increment();
        if (delay > 0) {
          delayed.increment();
        }
        if (!listeners.isEmpty()) {
          listeners.fire(new RateLimiterEvent.Permitted(name, Duration.ofNanos(delay)));
        }
        return delay;
      }
    }
  }

  /** The rejection of a call that may try again after {@code retryAfterNanos}. */
  RateLimitedException rejection(long retryAfterNanos) {
    return new RateLimitedException(name, Duration.ofNanos(retryAfterNanos));
  }

  void waitingStarted() {
    waiting.incrementAndGet();
  }

  void waitingEnded() {
    waiting.decrementAndGet();
  }

  private static long ceilDiv(long a, long b) {
    return a / b + (a % b == 0 ? 0 : 1);
  }

  /** The rate in force and what the hot path derives from it. Immutable. */
  private static final class Rate {
    final RateLimiterConfig config;
    final long intervalNanos;
    final int burst;
    final long toleranceNanos;
    final long maxWaitNanos;

    Rate(RateLimiterConfig config) {
      this.config = config;
      this.intervalNanos = config.intervalNanos();
      this.burst = config.burst();
      this.toleranceNanos = (burst - 1) * intervalNanos;
      this.maxWaitNanos = Durations.toNanos(config.maxWait());
    }
  }
}
