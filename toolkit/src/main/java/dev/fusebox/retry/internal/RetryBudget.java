package dev.fusebox.retry.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts calls and retries over a sliding window and grants a retry only while the window's retries stay within
 * {@code ratio * calls + minRetriesPerSecond * windowSeconds}.
 *
 * <p>The window is a ring of {@value #BUCKETS} buckets; each bucket is one {@code long} packing the time slot it
 * counts (22 low bits of the slot number), its calls and its retries (21 bits each, saturating at about two million
 * per bucket). A stale bucket is recognised by its slot and counts as empty, so nothing has to clear it.
 *
 * <p>Thread-safe and lock-free: every update is one compare-and-set on one bucket, and a retry is granted by the
 * compare-and-set that counts it, so concurrent retries within a bucket never exceed the budget. Only threads
 * racing across a bucket boundary can each see the window before the other's retry, so the bound may be passed by
 * at most one retry per racing thread at that instant.
 */
public final class RetryBudget {

  /** Buckets per window. */
  public static final int BUCKETS = 10;
  private static final int COUNT_BITS = 21;
  private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;
  private static final long CALL_UNIT = 1L << COUNT_BITS;
  private static final int TAG_SHIFT = 2 * COUNT_BITS;
  private static final long TAG_MASK = (1L << (64 - TAG_SHIFT)) - 1;
  /** Absorbs floating-point error in {@code ratio * calls}, so 0.29 * 100 grants 29 retries, not 28. */
  private static final double EPSILON = 1e-9;

  private final AtomicLongArray buckets;
  private final long bucketNanos;
  private final double ratio;
  private final double floorPerWindow;

  /**
   * Creates an empty budget.
   *
   * @param windowNanos the window, at least {@value #BUCKETS} nanoseconds
   */
  public RetryBudget(double ratio, int minRetriesPerSecond, long windowNanos) {
    this.buckets = new AtomicLongArray(BUCKETS);
    this.ratio = ratio;
    this.bucketNanos = windowNanos / BUCKETS;
    this.floorPerWindow = minRetriesPerSecond * (bucketNanos * (double) BUCKETS / 1e9);
  }

  /**
   * A budget of another ratio and floor over the same window and the same counts as {@code kept}: a reload that
   * changes the ratio keeps what the window already saw.
   */
  public RetryBudget(RetryBudget kept, double ratio, int minRetriesPerSecond) {
    this.buckets = kept.buckets;
    this.ratio = ratio;
    this.bucketNanos = kept.bucketNanos;
    this.floorPerWindow = minRetriesPerSecond * (bucketNanos * (double) BUCKETS / 1e9);
  }

  /** Counts one call (an execution's first attempt) at clock reading {@code now}. */
  public void onCall(long now) {
    long slot = Math.floorDiv(now, bucketNanos);
    int index = index(slot);
    long tag = slot & TAG_MASK;
    for (;;) {
      long current = buckets.get(index);
      long base = tag(current) == tag ? current : pack(tag, 0, 0);
      if (calls(base) == COUNT_MASK) {
        return;
      }
      if (buckets.compareAndSet(index, current, base + CALL_UNIT)) {
        return;
      }
    }
  }

  /** Counts one retry at {@code now} if the budget allows it; returns whether it did. */
  public boolean tryRetry(long now) {
    long slot = Math.floorDiv(now, bucketNanos);
    int index = index(slot);
    long tag = slot & TAG_MASK;
    long olderCalls = 0;
    long olderRetries = 0;
    for (int k = 1; k < BUCKETS; k++) {
      long older = slot - k;
      long bucket = buckets.get(index(older));
      if (tag(bucket) == (older & TAG_MASK)) {
        olderCalls += calls(bucket);
        olderRetries += retries(bucket);
      }
    }
    for (;;) {
      long current = buckets.get(index);
      long base = tag(current) == tag ? current : pack(tag, 0, 0);
      long allowed = allowance(olderCalls + calls(base));
      if (olderRetries + retries(base) >= allowed || retries(base) == COUNT_MASK) {
        return false;
      }
      if (buckets.compareAndSet(index, current, base + 1)) {
        return true;
      }
    }
  }

  /** Retries the budget would grant at {@code now}. */
  public long available(long now) {
    long slot = Math.floorDiv(now, bucketNanos);
    long calls = 0;
    long retries = 0;
    for (int k = 0; k < BUCKETS; k++) {
      long s = slot - k;
      long bucket = buckets.get(index(s));
      if (tag(bucket) == (s & TAG_MASK)) {
        calls += calls(bucket);
        retries += retries(bucket);
      }
    }
    return Math.max(0, allowance(calls) - retries);
  }

  private long allowance(long calls) {
    return (long) Math.floor(ratio * calls + floorPerWindow + EPSILON);
  }

  private static int index(long slot) {
    return (int) Math.floorMod(slot, (long) BUCKETS);
  }

  private static long pack(long tag, long calls, long retries) {
    return (tag << TAG_SHIFT) | (calls << COUNT_BITS) | retries;
  }

  private static long tag(long bucket) {
    return bucket >>> TAG_SHIFT;
  }

  private static long calls(long bucket) {
    return (bucket >>> COUNT_BITS) & COUNT_MASK;
  }

  private static long retries(long bucket) {
    return bucket & COUNT_MASK;
  }
}
