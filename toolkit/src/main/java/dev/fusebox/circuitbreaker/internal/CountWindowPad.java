package dev.fusebox.circuitbreaker.internal;

/** The 64 bytes in front of a {@link CountWindowCursor}'s cursor. */
@SuppressWarnings("unused") // the padding is never read
abstract class CountWindowPad extends Window {
  private long p0;
  private long p1;
  private long p2;
  private long p3;
  private long p4;
  private long p5;
  private long p6;
  private long p7;
}
