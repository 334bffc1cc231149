package dev.fusebox.config;

import dev.fusebox.ValidationException;
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

  private static final String RULE = "must be a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\"";

  private DurationFormat() {
  }

  /**
   * Parses {@code text}.
   *
   * @throws dev.fusebox.ValidationException naming {@code field} and the value, if {@code text} is not a duration
   */
  public static Duration parse(String text, String field) {
    if (text == null) {
      throw new ValidationException(field, RULE, "null");
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
    throw new ValidationException(field, RULE, '"' + text + '"');
  }

  /**
   * Formats {@code d} the way people write it, for messages: {@code 800ms}, {@code 30s}, {@code 1.5s}; whole
   * milliseconds below a second, seconds with up to three decimals above, microseconds when finer.
   */
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
}
