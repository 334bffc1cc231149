package dev.fusebox.stale;

/**
 * A read-out of a {@link StaleValue}'s counters, from its creation.
 *
 * @param stored good results remembered
 * @param servedStale failed or refused calls answered with a remembered value
 * @param missed failed calls that fell back but found no value fresh enough (the failure went on to the caller)
 * @param coalesced calls that shared the result of a call for the same key already in flight
 * @param entries entries the cache holds now, or -1 when the cache cannot tell
 */
public record StaleMetrics(long stored, long servedStale, long missed, long coalesced, long entries) {
}
