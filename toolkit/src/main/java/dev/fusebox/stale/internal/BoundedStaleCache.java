package dev.fusebox.stale.internal;

import dev.fusebox.stale.StaleCache;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The toolkit's own {@link StaleCache}: a concurrent map of at most {@code maxEntries} keys, evicting in the order
 * keys were first stored (FIFO). A ring of {@code maxEntries} slots remembers that order: each new key takes the
 * next slot and evicts the key that held it. No lock, no scan; a key updated in place keeps its slot.
 *
 * <p>Thread-safe: a key removed and stored again holds two slots, and may leave at the earlier one's turn.
 *
 * @param <T> the result type
 */
public final class BoundedStaleCache<T> implements StaleCache<T> {

  private final ConcurrentHashMap<Object, Entry<T>> entries = new ConcurrentHashMap<>();
  private final AtomicReferenceArray<Object> ring;
  private final AtomicLong next = new AtomicLong();
  private final int maxEntries;

  public BoundedStaleCache(int maxEntries) {
    this.maxEntries = maxEntries;
    this.ring = new AtomicReferenceArray<>(maxEntries);
  }

  /** The bound given. */
  public int maxEntries() {
    return maxEntries;
  }

  @Override
  public Entry<T> get(Object key) {
    return entries.get(key);
  }

  @Override
  public void put(Object key, Entry<T> entry) {
    if (entries.put(key, entry) == null) {
      int slot = (int) Long.remainderUnsigned(next.getAndIncrement(), maxEntries);
      Object evicted = ring.getAndSet(slot, key);
      if (evicted != null && !evicted.equals(key)) {
        entries.remove(evicted);
      }
    }
  }

  @Override
  public void remove(Object key) {
    entries.remove(key);
  }

  @Override
  public long size() {
    return entries.size();
  }
}
