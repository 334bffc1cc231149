package dev.fusebox.demo.users;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.fusebox.spi.Clock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The fallback store: the last user each successful upstream call returned, bounded in size and in age.
 *
 * <p>Thread-safe: backed by a Caffeine cache, whose maintenance runs on the calling thread (no executor), so it
 * never hands work to a pool behind the event loop's back.
 */
public final class UserCache {

  private final Cache<Long, JsonObject> cache;

  /**
   * Creates a cache of at most {@code maxSize} users, each served for at most {@code ttl} after it was stored, as
   * measured by {@code clock} (the guard's, so tests drive expiry like every other time-based decision).
   */
  public UserCache(long maxSize, Duration ttl, Clock clock) {
    this.cache = Caffeine.newBuilder()
        .maximumSize(maxSize)
        .expireAfterWrite(ttl)
        .ticker(clock::nanoTime)
        .executor(Runnable::run)
        .build();
  }

  /** Stores the user the upstream just returned. */
  public void put(UserId id, JsonObject user) {
    cache.put(id.value(), user.copy());
  }

  /** The cached user, or null when none is cached or it has expired. */
  public JsonObject get(UserId id) {
    JsonObject user = cache.getIfPresent(id.value());
    return user == null ? null : user.copy();
  }

  /** The number of cached users, after pending evictions have run. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }
}
