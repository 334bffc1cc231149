package dev.fusebox.ratelimiter;

/**
 * A read-out of a {@link RateLimiter} at one moment; the counters run from the limiter's creation.
 *
 * @param availablePermits tokens in the bucket now, from 0 to the burst
 * @param waiting calls delayed on a timer and not started yet
 * @param permitted calls admitted, at once or after a delay
 * @param delayed calls among those that waited for their token
 * @param rejected calls refused with a {@link dev.fusebox.RateLimitedException}
 */
public record RateLimiterMetrics(
    int availablePermits,
    int waiting,
    long permitted,
    long delayed,
    long rejected) {
}
