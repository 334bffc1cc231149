package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.ValidationException;
import dev.fusebox.config.DurationFormat;
import java.time.Duration;

/**
 * Eager argument validation whose messages name the field, the rule and the value given, for example
 * {@code failureRate must be in (0, 1], was 1.5}.
 *
 * <p>Every failure is a {@link ValidationException}, so a configuration layer can prefix its path.
 *
 * <p>Thread-safe: stateless.
 */
public final class Require {

  private Require() {
  }

  /** Requires {@code value} to be non-null. */
  public static <T> T nonNull(@Nullable T value, String field) {
    if (value == null) {
      throw new ValidationException(field, "must not be null", null);
    }
    return value;
  }

  /** Requires a non-blank name. */
  public static String name(@Nullable String value, String field) {
    if (value == null || value.isBlank()) {
      throw new ValidationException(field, "must not be blank", quote(value));
    }
    return value;
  }

  /** Requires {@code 0 < value <= 1}. */
  public static double ratio(double value, String field) {
    if (!(value > 0 && value <= 1)) {
      throw new ValidationException(field, "must be in (0, 1]", String.valueOf(value));
    }
    return value;
  }

  /** Requires {@code 0 <= value <= 1}. */
  public static double fraction(double value, String field) {
    if (!(value >= 0 && value <= 1)) {
      throw new ValidationException(field, "must be in [0, 1]", String.valueOf(value));
    }
    return value;
  }

  /** Requires {@code value >= min}. */
  public static int atLeast(int min, int value, String field) {
    if (value < min) {
      throw new ValidationException(field, "must be >= " + min, String.valueOf(value));
    }
    return value;
  }

  /** Requires {@code value >= min} for a finite double. */
  public static double atLeast(double min, double value, String field) {
    if (!(value >= min) || Double.isInfinite(value)) {
      throw new ValidationException(field, "must be a finite number >= " + min, String.valueOf(value));
    }
    return value;
  }

  /** Requires a strictly positive duration of at least one millisecond (the resolution of Vert.x timers). */
  public static Duration positive(@Nullable Duration value, String field) {
    nonNull(value, field);
    if (value.isNegative() || value.toMillis() < 1) {
      throw new ValidationException(field, "must be >= 1ms", DurationFormat.format(value));
    }
    return value;
  }

  /** Requires a duration that is zero or positive. */
  public static Duration nonNegative(@Nullable Duration value, String field) {
    nonNull(value, field);
    if (value.isNegative()) {
      throw new ValidationException(field, "must be >= 0ms", DurationFormat.format(value));
    }
    return value;
  }

  /** Requires {@code value >= lowerBound}, naming both fields. */
  public static Duration notBelow(Duration value, String field, Duration lowerBound, String lowerField) {
    if (value.compareTo(lowerBound) < 0) {
      throw new ValidationException(field, "must be >= " + lowerField + " (" + DurationFormat.format(lowerBound) + ")",
          DurationFormat.format(value));
    }
    return value;
  }

  /** Fails with {@code field rule, was value}: for rules that have no helper here. */
  public static ValidationException invalid(String field, String rule, @Nullable Object value) {
    return new ValidationException(field, rule, value instanceof String str ? quote(str) : String.valueOf(value));
  }

  private static String quote(@Nullable String s) {
    return s == null ? "null" : '"' + s + '"';
  }
}
