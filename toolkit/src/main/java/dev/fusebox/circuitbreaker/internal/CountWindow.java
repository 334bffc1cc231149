package dev.fusebox.circuitbreaker.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The last N outcomes as two bits each ({@code failed}, {@code slow}) packed 32 to a {@code long}, with running
 * totals: recording swaps one slot's bits and adjusts the totals by the difference, so a read is O(1).
 *
 * <p>Thread-safe and lock-free. A call takes the next position from the cursor (one atomic add) and then writes its
 * slot only if the bits change, with a compare-and-set on that slot's word; a steady stream of successes therefore
 * costs one atomic add and one read per call. The number of calls is {@code min(cursor, N)}: a position taken by a
 * writer that has not yet written counts as a success until it does, so totals may lag concurrent writers by their
 * own outcome, and never drift (every change of a slot's bits is added to the totals exactly once).
 *
 * <p>Footprint: {@code 8 * ceil(N / 32)} bytes of outcomes plus a few fields — 32 bytes for 100 calls, against
 * 6.5 KB for the one-cache-line-per-slot layout this replaced. The cost is that neighbouring slots share a word,
 * so two writers that both change bits in one word retry their compare-and-set; successes write nothing.
 */
final class CountWindow extends CountWindowCursor {

  private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle CURSOR;
  private static final VarHandle FAILURES;
  private static final VarHandle SLOW_CALLS;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      CURSOR = lookup.findVarHandle(CountWindowCursor.class, "cursor", long.class);
      FAILURES = lookup.findVarHandle(CountWindow.class, "failures", int.class);
      SLOW_CALLS = lookup.findVarHandle(CountWindow.class, "slowCalls", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int FAILED = 1;
  private static final int SLOW = 2;
  private static final int BITS = 2;
  private static final int PER_WORD = Long.SIZE / BITS;

  private static final long EXACT_IN_DOUBLE = 1L << 52;

  private final int size;
  private final double reciprocal;
  private final long[] words;
  @SuppressWarnings("unused") // through FAILURES
  private volatile int failures;
  @SuppressWarnings("unused") // through SLOW_CALLS
  private volatile int slowCalls;

  CountWindow(int size) {
    this.size = size;
    this.reciprocal = 1.0 / size;
    this.words = new long[(size + PER_WORD - 1) / PER_WORD];
  }

  @Override
  boolean needsTime() {
    return false;
  }

  @Override
  double record(boolean failed, boolean slow, long nowNanos) {
    long code = (failed ? FAILED : 0) | (slow ? SLOW : 0);
    long ticket = (long) CURSOR.getAndAdd(this, 1L);
    double calls = Math.min(ticket + 1, size);
    int position = slot(ticket);
    int word = position / PER_WORD;
    int shift = (position % PER_WORD) * BITS;
    long mask = (long) (FAILED | SLOW) << shift;
    long current;
    long old;
    do {
      current = (long) WORDS.getVolatile(words, word);
      old = (current & mask) >>> shift;
      if (old == code) {
        return calls;
      }
    } while (!WORDS.compareAndSet(words, word, current, (current & ~mask) | (code << shift)));
    int failedDelta = (int) ((code & FAILED) - (old & FAILED));
    if (failedDelta != 0) {
      FAILURES.getAndAdd(this, failedDelta);
    }
    int slowDelta = (int) (((code & SLOW) - (old & SLOW)) / SLOW);
    if (slowDelta != 0) {
      SLOW_CALLS.getAndAdd(this, slowDelta);
    }
    return calls;
  }

  /**
   * {@code ticket % size} without a 64-bit division (tens of cycles, the dearest instruction of a success): a
   * quotient through the reciprocal, exact to one either way while the ticket fits a double's 52 bits (centuries of
   * calls), then corrected.
   */
  int slot(long ticket) {
    if (ticket >= EXACT_IN_DOUBLE) {
      return (int) (ticket % size);
    }
    long rest = ticket - (long) (ticket * reciprocal) * size;
    if (rest < 0) {
      rest += size;
    } else if (rest >= size) {
      rest -= size;
    }
    return (int) rest;
  }

  @Override
  double calls(long nowNanos) {
    return Math.min((long) CURSOR.getVolatile(this), size);
  }

  @Override
  double failures(long nowNanos) {
    return Math.max(0, (int) FAILURES.getVolatile(this));
  }

  @Override
  double slowCalls(long nowNanos) {
    return Math.max(0, (int) SLOW_CALLS.getVolatile(this));
  }
}
