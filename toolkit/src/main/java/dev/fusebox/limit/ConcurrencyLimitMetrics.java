package dev.fusebox.limit;

/**
 * A read-out of a {@link ConcurrencyLimit}.
 *
 * @param limit the current limit (a gauge)
 * @param inFlight calls holding a permit now
 * @param permitted calls admitted since creation
 * @param rejected calls refused since creation
 * @param dropped admitted calls that counted as drops (failure, or slower than the drop threshold)
 */
public record ConcurrencyLimitMetrics(int limit, int inFlight, long permitted, long rejected, long dropped) {
}
