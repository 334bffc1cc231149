package dev.fusebox.stale;

import dev.fusebox.spi.Require;
import dev.fusebox.stale.internal.BoundedStaleCache;

/**
 * Where a {@link StaleValue} keeps the last good result of each key: an extension point, so the values can live in
 * a cache the application already runs (the Caffeine adapter of {@code fusebox-vertx},
 * {@code dev.fusebox.vertx.cache.CaffeineStaleCache}) or in a small bounded map of the toolkit's own
 * ({@link #bounded}).
 *
 * <p>An implementation may forget entries whenever it likes (size bounds, expiry): a forgotten entry only means a
 * failure that finds nothing to serve. It must not block: every method is called on the event loop, on the call's
 * path. Staleness is judged by the policy from {@link Entry#storedAtNanos()}, on the guard's clock, so a cache need
 * not expire anything itself.
 *
 * <p>Implementations must be thread-safe.
 *
 * @param <T> the result type
 */
public interface StaleCache<T> {

  /** The entry stored under {@code key}, or null. */
  Entry<T> get(Object key);

  /** Stores {@code entry} under {@code key}, replacing any earlier one. */
  void put(Object key, Entry<T> entry);

  /** Forgets the entry under {@code key}, if any: called for an entry found too old to serve. */
  void remove(Object key);

  /** The number of entries held now, or -1 when unknown; for read-outs. */
  default long size() {
    return -1;
  }

  /**
   * A cache of at most {@code maxEntries} entries with no dependency: a concurrent map that, when full, forgets
   * the oldest of a few sampled entries for each new key (approximately the oldest overall). Lock-free reads.
   *
   * @throws dev.fusebox.ValidationException when {@code maxEntries < 1}
   */
  static <T> StaleCache<T> bounded(int maxEntries) {
    return new BoundedStaleCache<>(Require.atLeast(1, maxEntries, "maxEntries"));
  }

  /**
   * A remembered result.
   *
   * @param value the result, not null
   * @param storedAtNanos when it was stored, on the guard's clock ({@code Clock.nanoTime()})
   * @param <T> the result type
   */
  record Entry<T>(T value, long storedAtNanos) {
    /** Checks the value. */
    public Entry {
      Require.nonNull(value, "value");
    }
  }
}
