/**
 * The stale-value fallback: remembers the last good result of each key and serves it, marked as stale, when a
 * later call for that key fails or is refused; concurrent calls for one key share one call (single flight). See
 * {@link dev.fusebox.stale.StaleValue}.
 */
package dev.fusebox.stale;
