package dev.fusebox.circuitbreaker.internal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The outcomes of the last {@code buckets × sliceNanos}, in a ring of buckets with running totals. Moving into a
 * new slice empties the buckets that fell out and subtracts exactly what they held, so reads stay O(1) and the
 * totals always equal the sum of the buckets (a call racing a bucket's reset may land in the newer slice, or be
 * dropped with it; it is never counted twice).
 *
 * <p>Thread-safe and lock-free.
 */
final class TimeWindow extends Window {

  private final long sliceNanos;
  private final Bucket[] buckets;
  private final AtomicLong head;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong slowCalls = new AtomicLong();

  TimeWindow(long sliceNanos, int bucketCount, long nowNanos) {
    this.sliceNanos = sliceNanos;
    this.buckets = new Bucket[bucketCount];
    long slice = Math.floorDiv(nowNanos, sliceNanos);
    for (int i = 0; i < bucketCount; i++) {
      buckets[i] = new Bucket();
    }
    this.head = new AtomicLong(slice);
    buckets[Math.floorMod(slice, bucketCount)].epoch.set(slice);
  }

  @Override
  boolean needsTime() {
    return true;
  }

  @Override
  void record(boolean failed, boolean slow, long nowNanos) {
    long slice = Math.floorDiv(nowNanos, sliceNanos);
    advance(slice);
    Bucket bucket = buckets[Math.floorMod(slice, buckets.length)];
    bucket.calls.incrementAndGet();
    calls.incrementAndGet();
    if (failed) {
      bucket.failures.incrementAndGet();
      failures.incrementAndGet();
    }
    if (slow) {
      bucket.slowCalls.incrementAndGet();
      slowCalls.incrementAndGet();
    }
  }

  /** Moves the head to {@code slice}, emptying every bucket that falls out of the window on the way. */
  private void advance(long slice) {
    long current;
    while (slice > (current = head.get())) {
      if (head.compareAndSet(current, slice)) {
        long from = Math.max(current + 1, slice - buckets.length + 1);
        for (long s = from; s <= slice; s++) {
          reset(buckets[Math.floorMod(s, buckets.length)], s);
        }
        return;
      }
    }
  }

  private void reset(Bucket bucket, long slice) {
    long epoch = bucket.epoch.get();
    if (epoch < slice && bucket.epoch.compareAndSet(epoch, slice)) {
      calls.addAndGet(-bucket.calls.getAndSet(0));
      failures.addAndGet(-bucket.failures.getAndSet(0));
      slowCalls.addAndGet(-bucket.slowCalls.getAndSet(0));
    }
  }

  @Override
  double calls(long nowNanos) {
    advance(Math.floorDiv(nowNanos, sliceNanos));
    return Math.max(0, calls.get());
  }

  @Override
  double failures(long nowNanos) {
    return Math.max(0, failures.get());
  }

  @Override
  double slowCalls(long nowNanos) {
    return Math.max(0, slowCalls.get());
  }

  private static final class Bucket {
    final AtomicLong epoch = new AtomicLong(Long.MIN_VALUE);
    final AtomicLong calls = new AtomicLong();
    final AtomicLong failures = new AtomicLong();
    final AtomicLong slowCalls = new AtomicLong();
  }
}
