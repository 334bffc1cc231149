package dev.fusebox.internal;

import dev.fusebox.config.DurationFormat;
import java.time.Duration;

/**
 * Formats durations the way people write them ({@code 800ms}, {@code 30s}, {@code 1.5s}) in messages.
 *
 * <p>Thread-safe: stateless.
 */
public final class Durations {

  private Durations() {
  }

  /** Returns a short human form; see {@link DurationFormat#format}. */
  public static String format(Duration d) {
    return DurationFormat.format(d);
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
