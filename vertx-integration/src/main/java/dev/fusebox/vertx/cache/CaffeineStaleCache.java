package dev.fusebox.vertx.cache;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Require;
import dev.fusebox.stale.StaleCache;
import java.time.Duration;

/**
 * A {@link StaleCache} in a Caffeine cache: size-bounded with Caffeine's admission policy (frequently used keys
 * stay), entries dropped once they are too old to serve, maintenance run on the calling thread so nothing blocks and
 * no executor thread is started.
 *
 * <pre>{@code
 * StaleValue<HttpResponse<Buffer>> users = StaleValue.of("users", s -> s
 *     .cache(CaffeineStaleCache.of(10_000, Duration.ofMinutes(10), clock))
 *     .maxStaleness(Duration.ofMinutes(10)));
 * }</pre>
 *
 * <p>Thread-safe: Caffeine's.
 *
 * @param <T> the result type
 */
public final class CaffeineStaleCache<T> implements StaleCache<T> {

  private final Cache<Object, Entry<T>> cache;

  private CaffeineStaleCache(Cache<Object, Entry<T>> cache) {
    this.cache = cache;
  }

  /**
   * A cache of at most {@code maxEntries} keys that forgets an entry {@code expireAfter} after it was stored, on
   * {@code clock} — give the guard's clock, so tests move expiry with the rest of the guard's time. Pair
   * {@code expireAfter} with the policy's {@code maxStaleness}: an entry older than that is never served anyway.
   *
   * @throws dev.fusebox.ValidationException when {@code maxEntries < 1} or {@code expireAfter} is not positive
   */
  public static <T> CaffeineStaleCache<T> of(long maxEntries, Duration expireAfter, Clock clock) {
    if (maxEntries < 1) {
      throw Require.invalid("maxEntries", "must be >= 1", maxEntries);
    }
    Require.positive(expireAfter, "expireAfter");
    Require.nonNull(clock, "clock");
    return new CaffeineStaleCache<>(Caffeine.newBuilder()
        .maximumSize(maxEntries)
        .expireAfterWrite(expireAfter)
        .ticker(clock::nanoTime)
        .executor(Runnable::run)
        .build());
  }

  /** Wraps a Caffeine cache the application configured itself (its own bounds, expiry, statistics). */
  public static <T> CaffeineStaleCache<T> wrap(Cache<Object, Entry<T>> cache) {
    return new CaffeineStaleCache<>(Require.nonNull(cache, "cache"));
  }

  /** The Caffeine cache, for its statistics and policy. */
  public Cache<Object, Entry<T>> caffeine() {
    return cache;
  }

  @Override
  public Entry<T> get(Object key) {
    return cache.getIfPresent(key);
  }

  @Override
  public void put(Object key, Entry<T> entry) {
    cache.put(key, entry);
  }

  @Override
  public void remove(Object key) {
    cache.invalidate(key);
  }

  @Override
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
