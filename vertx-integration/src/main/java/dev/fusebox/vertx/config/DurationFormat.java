package dev.fusebox.vertx.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the durations people write in configuration files: a number with a unit — {@code "800ms"}, {@code "30s"},
 * {@code "1.5s"}, {@code "5m"}, {@code "2h"}, {@code "1d"} (units {@code ns}, {@code us}, {@code ms}, {@code s},
 * {@code m}, {@code h}, {@code d}) — or ISO-8601 ({@code "PT0.8S"}, {@code "PT5M"}).
 *
 * <p>A bare number is refused: {@code 800} could mean milliseconds or seconds, and a wrong guess is a production
 * incident.
 *
 * <p>Thread-safe: stateless.
 */
public final class DurationFormat {

  private static final Pattern SIMPLE = Pattern.compile("(-?\\d+(?:\\.\\d+)?)\\s*(ns|us|µs|ms|s|m|h|d)");

  private DurationFormat() {
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming {@code field} and the value, if {@code text} is not a duration
   */
  public static Duration parse(String text, String field) {
    if (text == null) {
      throw new IllegalArgumentException(field + " must be a duration such as \"800ms\", \"30s\", \"5m\" or"
          + " \"PT0.8S\", was null");
    }
    String t = text.trim();
    Matcher m = SIMPLE.matcher(t.toLowerCase(Locale.ROOT));
    try {
      if (m.matches()) {
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal nanosPerUnit = BigDecimal.valueOf(switch (m.group(2)) {
          case "ns" -> 1L;
          case "us", "µs" -> 1_000L;
          case "ms" -> 1_000_000L;
          case "s" -> 1_000_000_000L;
          case "m" -> 60_000_000_000L;
          case "h" -> 3_600_000_000_000L;
          default -> 86_400_000_000_000L;
        });
        BigDecimal nanos = amount.multiply(nanosPerUnit);
        BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValue());
      }
      if (t.startsWith("P") || t.startsWith("p") || t.startsWith("-P") || t.startsWith("-p")) {
        return Duration.parse(t);
      }
    } catch (DateTimeParseException | ArithmeticException e) {
      // fall through to the error below
    }
    throw new IllegalArgumentException(field + " must be a duration such as \"800ms\", \"30s\", \"5m\" or"
        + " \"PT0.8S\", was \"" + text + "\"");
  }
}
