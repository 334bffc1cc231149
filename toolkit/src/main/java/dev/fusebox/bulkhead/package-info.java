/**
 * Bulkhead: at most N concurrent calls, with an optional bounded queue of waiting futures (never blocked threads).
 *
 * <p>A {@code Bulkhead} is thread-safe and may be shared by several guards.
 */
package dev.fusebox.bulkhead;
