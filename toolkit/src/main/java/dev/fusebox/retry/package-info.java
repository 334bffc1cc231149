/**
 * Retry: fixed, exponential and decorrelated-jitter backoff on Vert.x timers, retry predicates on failures and
 * results, server delay hints, and a retry budget that caps retries at a ratio of recent calls.
 *
 * <p>A {@code Retry} is thread-safe and may be shared by several guards.
 */
package dev.fusebox.retry;
