package dev.fusebox.bulkhead;

import dev.fusebox.bulkhead.internal.BulkheadConfig;
import dev.fusebox.bulkhead.internal.BulkheadImpl;
import dev.fusebox.bulkhead.internal.BulkheadTemplate;
import dev.fusebox.spi.Require;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Clock;
import java.time.Duration;

/**
 * The configuration DSL of a bulkhead. Every setter validates its argument at once; {@link #build()} copies the
 * settings, so reusing a spec never changes a bulkhead already built.
 *
 * <p>Defaults: {@value #DEFAULT_MAX_CONCURRENT_CALLS} concurrent calls, no queue (a call beyond the limit is
 * rejected at once), and {@link #DEFAULT_MAX_WAIT} of waiting once a queue is configured.
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class BulkheadSpec {

  /** Default concurrency limit. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 25;
  /** Default queue capacity: none. */
  public static final int DEFAULT_MAX_QUEUED = 0;
  /** Default longest wait in the queue. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(1);

  private final String name;
  private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
  private int maxQueued = DEFAULT_MAX_QUEUED;
  private Duration maxWait = DEFAULT_MAX_WAIT;
  private Clock clock;

  BulkheadSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** At most this many calls run at once; >= 1. */
  public BulkheadSpec maxConcurrentCalls(int calls) {
    this.maxConcurrentCalls = Require.atLeast(1, calls, "maxConcurrentCalls");
    return this;
  }

  /** At most this many calls wait, first in first out, for a permit; >= 0 (0: reject at once). */
  public BulkheadSpec maxQueued(int calls) {
    this.maxQueued = Require.atLeast(0, calls, "maxQueued");
    return this;
  }

  /** A queued call that gets no permit within this time is rejected; >= 1ms. */
  public BulkheadSpec maxWait(Duration wait) {
    this.maxWait = Require.positive(wait, "maxWait");
    return this;
  }

  /** The clock of the queue's timers; {@link Clock#system()} unless set here or inherited from the guard. */
  public BulkheadSpec clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /** The name given at creation. */
  public String name() {
    return name;
  }

  /**
   * Builds a bulkhead to share between guards. Without {@link #clock(Clock)} it takes the clock of the first guard
   * it is composed into.
   */
  public Bulkhead build() {
    return new BulkheadImpl(new BulkheadConfig(name, maxConcurrentCalls, maxQueued, maxWait,
        new SharedClock("bulkhead", name, clock)));
  }

  /**
   * Returns the policy that gives every guard built with it a bulkhead of its own, named after the guard, on the
   * guard's clock (or this spec's). The spec is copied: changing it later changes no policy.
   */
  public Policy toPolicy() {
    return new BulkheadTemplate(new BulkheadConfig(name, maxConcurrentCalls, maxQueued, maxWait, clock));
  }
}
