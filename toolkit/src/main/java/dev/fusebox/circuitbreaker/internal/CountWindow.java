package dev.fusebox.circuitbreaker.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last N outcomes in a ring, with running totals: recording swaps one slot and adjusts the totals by the
 * difference, so a read is O(1) and a steady stream of successes costs two atomic operations per call.
 *
 * <p>Thread-safe and lock-free. Each slot holds 0 (empty) or {@code 1 | failed << 1 | slow << 2}.
 *
 * <p>Layout for contention: the cursor, the one field every call writes, sits alone on its cache line (the middle
 * of a padded array), and consecutive slots are {@value #STRIDE} ints (64 bytes) apart, so callers on different
 * cores writing neighbouring slots do not fight over one cache line.
 */
final class CountWindow extends Window {

  private static final int PRESENT = 1;
  private static final int FAILED = 2;
  private static final int SLOW = 4;

  /** Ints between two logical slots: one 64-byte cache line. */
  static final int STRIDE = 16;
  /** Index of the cursor in its padded array: 64 bytes of padding on both sides. */
  private static final int CURSOR = 8;

  private final int size;
  private final AtomicIntegerArray slots;
  private final AtomicLongArray cursor = new AtomicLongArray(2 * CURSOR + 1);
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger failures = new AtomicInteger();
  private final AtomicInteger slowCalls = new AtomicInteger();

  CountWindow(int size) {
    this.size = size;
    this.slots = new AtomicIntegerArray((size + 2) * STRIDE);
  }

  @Override
  boolean needsTime() {
    return false;
  }

  @Override
  void record(boolean failed, boolean slow, long nowNanos) {
    int code = PRESENT | (failed ? FAILED : 0) | (slow ? SLOW : 0);
    int index = ((int) (cursor.getAndIncrement(CURSOR) % size) + 1) * STRIDE;
    int old = slots.getAndSet(index, code);
    if (old == 0) {
      calls.incrementAndGet();
    }
    int failedDelta = (code & FAILED) - (old & FAILED);
    if (failedDelta != 0) {
      failures.addAndGet(failedDelta / FAILED);
    }
    int slowDelta = (code & SLOW) - (old & SLOW);
    if (slowDelta != 0) {
      slowCalls.addAndGet(slowDelta / SLOW);
    }
  }

  @Override
  double calls(long nowNanos) {
    return calls.get();
  }

  @Override
  double failures(long nowNanos) {
    return failures.get();
  }

  @Override
  double slowCalls(long nowNanos) {
    return slowCalls.get();
  }
}
