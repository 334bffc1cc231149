package dev.fusebox.chaos;

/**
 * A read-out of a {@link Chaos} policy; counters run from its creation.
 *
 * @param calls calls that passed while it was enabled
 * @param faults exceptions injected
 * @param latencies delays injected
 * @param outcomes results injected
 */
public record ChaosMetrics(long calls, long faults, long latencies, long outcomes) {
}
