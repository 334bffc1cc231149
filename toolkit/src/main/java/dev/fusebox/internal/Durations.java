package dev.fusebox.internal;

import java.time.Duration;

/**
 * Formats durations the way people write them ({@code 800ms}, {@code 30s}, {@code 1.5s}) in messages.
 *
 * <p>Thread-safe: stateless.
 */
public final class Durations {

  private Durations() {
  }

  /** Returns a short human form: whole milliseconds below a second, seconds with up to three decimals above. */
  public static String format(Duration d) {
    if (d == null) {
      return "null";
    }
    long nanos;
    try {
      nanos = d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.toString();
    }
    if (nanos % 1_000_000 != 0 && Math.abs(nanos) < 1_000_000_000L) {
      return (nanos / 1_000) + "us";
    }
    long millis = nanos / 1_000_000;
    if (Math.abs(millis) < 1000) {
      return millis + "ms";
    }
    if (millis % 1000 == 0) {
      return (millis / 1000) + "s";
    }
    return String.format(java.util.Locale.ROOT, "%.3fs", millis / 1000.0).replaceAll("0+s$", "s");
  }

  /** Saturating conversion to nanoseconds, so {@code Duration.ofDays(365 * 300)} does not overflow. */
  public static long toNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** Adds nanoseconds to a clock reading, saturating instead of wrapping around. */
  public static long plus(long nanos, long delta) {
    long sum = nanos + delta;
    if (((nanos ^ sum) & (delta ^ sum)) < 0) {
      return delta > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }
    return sum;
  }
}
