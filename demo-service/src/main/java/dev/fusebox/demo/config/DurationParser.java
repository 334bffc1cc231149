package dev.fusebox.demo.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the durations operators write in configuration: {@code "800ms"}, {@code "30s"}, {@code "5m"}, {@code "1h"},
 * {@code "1d"}, decimals such as {@code "1.5s"}, and ISO-8601 ({@code "PT0.8S"}).
 *
 * <p>Thread-safe: stateless.
 */
public final class DurationParser {

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12}(?:\\.\\d{1,9})?)(ns|us|ms|s|m|h|d)");

  private DurationParser() {
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the accepted forms when {@code text} is none of them
   */
  public static Duration parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("a duration is required, such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\"");
    }
    String trimmed = text.trim();
    Matcher m = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      BigDecimal amount = new BigDecimal(m.group(1));
      long nanosPerUnit = switch (m.group(2)) {
        case "ns" -> 1L;
        case "us" -> 1_000L;
        case "ms" -> 1_000_000L;
        case "s" -> 1_000_000_000L;
        case "m" -> 60_000_000_000L;
        case "h" -> 3_600_000_000_000L;
        default -> 86_400_000_000_000L;
      };
      BigDecimal nanos = amount.multiply(BigDecimal.valueOf(nanosPerUnit));
      if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw new IllegalArgumentException("duration is too long: \"" + text + "\"");
      }
      return Duration.ofNanos(nanos.longValue());
    }
    if (trimmed.length() > 1 && (trimmed.charAt(0) == 'P' || trimmed.charAt(0) == 'p')) {
      try {
        return Duration.parse(trimmed);
      } catch (DateTimeParseException e) {
        // fall through to the common message
      }
    }
    throw new IllegalArgumentException("expected a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\", was \""
        + text + "\"");
  }
}
