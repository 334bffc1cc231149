package dev.fusebox.internal;

import java.time.Duration;

/**
 * Eager argument validation whose messages name the field, the rule and the value given, for example
 * {@code failureRate must be in (0, 1], was 1.5}.
 *
 * <p>Thread-safe: stateless.
 */
public final class Require {

  private Require() {
  }

  /** Requires {@code value} to be non-null. */
  public static <T> T nonNull(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    return value;
  }

  /** Requires a non-blank name. */
  public static String name(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, was " + quote(value));
    }
    return value;
  }

  /** Requires {@code 0 < value <= 1}. */
  public static double ratio(double value, String field) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be in (0, 1], was " + value);
    }
    return value;
  }

  /** Requires {@code 0 <= value <= 1}. */
  public static double fraction(double value, String field) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
    }
    return value;
  }

  /** Requires {@code value >= min}. */
  public static int atLeast(int min, int value, String field) {
    if (value < min) {
      throw new IllegalArgumentException(field + " must be >= " + min + ", was " + value);
    }
    return value;
  }

  /** Requires {@code value >= min} for a finite double. */
  public static double atLeast(double min, double value, String field) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(field + " must be a finite number >= " + min + ", was " + value);
    }
    return value;
  }

  /** Requires a strictly positive duration of at least one millisecond (the resolution of Vert.x timers). */
  public static Duration positive(Duration value, String field) {
    nonNull(value, field);
    if (value.isNegative() || value.toMillis() < 1) {
      throw new IllegalArgumentException(field + " must be >= 1ms, was " + Durations.format(value));
    }
    return value;
  }

  /** Requires a duration that is zero or positive. */
  public static Duration nonNegative(Duration value, String field) {
    nonNull(value, field);
    if (value.isNegative()) {
      throw new IllegalArgumentException(field + " must be >= 0ms, was " + Durations.format(value));
    }
    return value;
  }

  /** Requires {@code value >= lowerBound}, naming both fields. */
  public static Duration notBelow(Duration value, String field, Duration lowerBound, String lowerField) {
    if (value.compareTo(lowerBound) < 0) {
      throw new IllegalArgumentException(field + " must be >= " + lowerField + " (" + Durations.format(lowerBound)
          + "), was " + Durations.format(value));
    }
    return value;
  }

  private static String quote(String s) {
    return s == null ? "null" : '"' + s + '"';
  }
}
