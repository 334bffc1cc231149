/**
 * Rate limiter: a non-blocking token bucket that rejects, or delays on a timer up to a bound.
 *
 * <p>A {@code RateLimiter} is thread-safe and may be shared by several guards.
 */
package dev.fusebox.ratelimiter;
