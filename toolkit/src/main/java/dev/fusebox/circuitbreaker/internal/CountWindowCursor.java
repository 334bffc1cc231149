package dev.fusebox.circuitbreaker.internal;

/**
 * The cursor of a {@link CountWindow} on a cache line of its own: every call of every thread writes it, and a
 * neighbour on its line (the window's read-mostly fields, the breaker's state, the outcome words, whatever the
 * allocator put next to it) would be fetched again by each reader after each write. The JVM lays superclass fields
 * first, so the padding fields of {@link CountWindowPad} and of this class keep 64 bytes on either side of it.
 */
@SuppressWarnings("unused") // the padding is never read
abstract class CountWindowCursor extends CountWindowPad {

  /** The next position to take; written by every call, through {@code CountWindow}'s var handle. */
  volatile long cursor;

  // 64 bytes behind it.
  private long q0;
  private long q1;
  private long q2;
  private long q3;
  private long q4;
  private long q5;
  private long q6;
  private long q7;
}
