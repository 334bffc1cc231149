package dev.fusebox.bulkhead.internal;

import dev.fusebox.spi.Clock;
import java.time.Duration;

/**
 * The immutable, validated configuration a running bulkhead holds. Built by {@code BulkheadSpec.build()}.
 *
 * @param maxWait the longest wait in the queue; unused when {@code maxQueued} is 0
 * @param clock the clock of the queue's timers
 */
public record BulkheadConfig(String name, int maxConcurrentCalls, int maxQueued, Duration maxWait, Clock clock) {
  /** This configuration for a guard's own instance: named {@code guardName}, on its own clock or {@code guardClock}. */
  public BulkheadConfig forGuard(String guardName, Clock guardClock) {
    Clock clock = this.clock != null ? this.clock : guardClock;
    return new BulkheadConfig(guardName, maxConcurrentCalls, maxQueued, maxWait, clock);
  }


  /** This configuration on {@code clock}. */
  public BulkheadConfig withClock(Clock clock) {
    return new BulkheadConfig(name, maxConcurrentCalls, maxQueued, maxWait, clock);
  }
}
