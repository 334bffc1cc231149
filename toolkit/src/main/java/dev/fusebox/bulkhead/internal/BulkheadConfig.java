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
}
