/**
 * The circuit breaker: states {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN}, {@code FORCED_OPEN} and
 * {@code DISABLED}; time, count or decaying windows; failure and slow-call rates; growing open durations.
 *
 * <p>A breaker is lock-free and thread-safe, and can be shared by several guards.
 */
package dev.fusebox.circuitbreaker;
