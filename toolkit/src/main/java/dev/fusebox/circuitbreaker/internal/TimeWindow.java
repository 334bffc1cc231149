package dev.fusebox.circuitbreaker.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The outcomes of the last {@code buckets × sliceNanos}, in a ring of buckets with running totals. Moving into a
 * new slice empties the buckets that fell out and subtracts exactly what they held, so reads stay O(1) and the
 * totals always equal the sum of the buckets (a call racing a bucket's reset may land in the newer slice, or be
 * dropped with it; it is never counted twice).
 *
 * <p>Thread-safe and lock-free. Layout: one {@code long[]} of three longs per bucket — the slice it holds, its
 * calls, and its failures (low 32 bits) and slow calls (high 32 bits) packed, so a failed-and-slow call is one
 * atomic add — 24 bytes a bucket, against 96 for a bucket of four {@code AtomicLong}s.
 *
 * <p>The newest slice is one {@code long}, its number and the index of its bucket's first cell packed together
 * ({@link #pack}), replaced once per slice by compare-and-set: a call inside it finds its bucket with one read, a
 * multiplication and one comparison, no division and no second object (a head record cost 32 bytes a breaker).
 */
final class TimeWindow extends Window {

  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle HEAD;
  private static final VarHandle CALLS;
  private static final VarHandle FAILURES;
  private static final VarHandle SLOW_CALLS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      HEAD = lookup.findVarHandle(TimeWindow.class, "head", long.class);
      CALLS = lookup.findVarHandle(TimeWindow.class, "calls", long.class);
      FAILURES = lookup.findVarHandle(TimeWindow.class, "failures", long.class);
      SLOW_CALLS = lookup.findVarHandle(TimeWindow.class, "slowCalls", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int EPOCH = 0;
  private static final int BUCKET_CALLS = 1;
  private static final int BUCKET_OUTCOMES = 2;
  private static final int CELLS_PER_BUCKET = 3;
  private static final long ONE_FAILURE = 1L;
  private static final long ONE_SLOW = 1L << 32;
  private static final long LOW = 0xFFFF_FFFFL;
  /**
   * Bits of a packed head holding the bucket's first cell (at most {@code 3 × 1000 - 3}: buckets are at most 1000);
   * the slice number takes the other 48, signed (a slice is at least 1 ms, so |number| < 2^44 for any reading).
   */
  private static final int BASE_BITS = 16;
  private static final long BASE_MASK = (1L << BASE_BITS) - 1;

  private final long sliceNanos;
  private final int bucketCount;
  private final long[] cells;
  @SuppressWarnings("unused") // through HEAD
  private volatile long head;
  @SuppressWarnings("unused") // through CALLS
  private volatile long calls;
  @SuppressWarnings("unused") // through FAILURES
  private volatile long failures;
  @SuppressWarnings("unused") // through SLOW_CALLS
  private volatile long slowCalls;

  TimeWindow(long sliceNanos, int bucketCount, long nowNanos) {
    this.sliceNanos = sliceNanos;
    this.bucketCount = bucketCount;
    this.cells = new long[bucketCount * CELLS_PER_BUCKET];
    long slice = Math.floorDiv(nowNanos, sliceNanos);
    for (int i = 0; i < bucketCount; i++) {
      cells[i * CELLS_PER_BUCKET + EPOCH] = Long.MIN_VALUE;
    }
    cells[base(slice) + EPOCH] = slice;
    HEAD.setVolatile(this, pack(slice));
  }

  /** The head for {@code slice}: its number and the index of its bucket's first cell. */
  private long pack(long slice) {
    return slice << BASE_BITS | base(slice);
  }

  private static long sliceOf(long head) {
    return head >> BASE_BITS;
  }

  /** The first cell of the bucket of the slice holding {@code nowNanos}, after moving the head there if it is newer. */
  private int bucketAt(long nowNanos) {
    long h = (long) HEAD.getVolatile(this);
    long into = nowNanos - sliceOf(h) * sliceNanos;
    if (into >= 0 && into < sliceNanos) {
      return (int) (h & BASE_MASK);
    }
    long slice = Math.floorDiv(nowNanos, sliceNanos);
    advance(slice);
    return base(slice);
  }

  @Override
  boolean needsTime() {
    return true;
  }

  @Override
  double record(boolean failed, boolean slow, long nowNanos) {
    int base = bucketAt(nowNanos);
    CELLS.getAndAdd(cells, base + BUCKET_CALLS, 1L);
    long calls = (long) CALLS.getAndAdd(this, 1L) + 1;
    if (failed || slow) {
      CELLS.getAndAdd(cells, base + BUCKET_OUTCOMES, (failed ? ONE_FAILURE : 0) + (slow ? ONE_SLOW : 0));
      if (failed) {
        FAILURES.getAndAdd(this, 1L);
      }
      if (slow) {
        SLOW_CALLS.getAndAdd(this, 1L);
      }
    }
    return Math.max(0, calls);
  }

  /** Moves the head to {@code slice}, emptying every bucket that falls out of the window on the way. */
  private void advance(long slice) {
    long current;
    while (slice > sliceOf(current = (long) HEAD.getVolatile(this))) {
      if (HEAD.compareAndSet(this, current, pack(slice))) {
        long from = Math.max(sliceOf(current) + 1, slice - bucketCount + 1);
        for (long s = from; s <= slice; s++) {
          reset(base(s), s);
        }
        return;
      }
    }
  }

  private void reset(int base, long slice) {
    long epoch = (long) CELLS.getVolatile(cells, base + EPOCH);
    if (epoch < slice && CELLS.compareAndSet(cells, base + EPOCH, epoch, slice)) {
      CALLS.getAndAdd(this, -(long) CELLS.getAndSet(cells, base + BUCKET_CALLS, 0L));
      long outcomes = (long) CELLS.getAndSet(cells, base + BUCKET_OUTCOMES, 0L);
      FAILURES.getAndAdd(this, -(outcomes & LOW));
      SLOW_CALLS.getAndAdd(this, -(outcomes >>> 32));
    }
  }

  private int base(long slice) {
    return (int) Math.floorMod(slice, (long) bucketCount) * CELLS_PER_BUCKET;
  }

  @Override
  double calls(long nowNanos) {
    bucketAt(nowNanos);
    return Math.max(0, (long) CALLS.getVolatile(this));
  }

  @Override
  double failures(long nowNanos) {
    return Math.max(0, (long) FAILURES.getVolatile(this));
  }

  @Override
  double slowCalls(long nowNanos) {
    return Math.max(0, (long) SLOW_CALLS.getVolatile(this));
  }
}
