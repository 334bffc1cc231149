package dev.fusebox.vertx.client;

import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads the HTTP {@code Retry-After} header (RFC 9110 §10.2.3) and turns it into retry delays.
 *
 * <p>A guard honours it through its retry policy's delay hint:
 * <pre>{@code
 * g.retry(r -> r.maxAttempts(3).exponentialBackoff(ofMillis(100), ofSeconds(2))
 *     .delayHint(RetryAfter.hint())
 *     .maxDelay(ofSeconds(5)))
 * }</pre>
 * A {@code 429} or {@code 503} that says {@code Retry-After: 2} then delays the next attempt by two seconds instead
 * of the backoff. The retry caps every delay at its {@code maxDelay} (by default the backoff's maximum), so a
 * server asking for minutes cannot park a caller that long. {@link dev.fusebox.vertx.config.GuardConfig} installs
 * this hint on every retry it builds.
 *
 * <p>Thread-safe: stateless.
 */
public final class RetryAfter {

  private static final Function<Object, Duration> HINT = RetryAfter::hintFor;

  private RetryAfter() {
  }

  /**
   * A retry delay hint ({@code RetrySpec.delayHint}): for a {@link FailedResponseException} (or an
   * {@link HttpResponse}) of status {@code 429} or {@code 503} carrying a valid {@code Retry-After}, that delay;
   * otherwise {@code null}, meaning "no hint: use the backoff".
   */
  public static Function<Object, Duration> hint() {
    return HINT;
  }

  private static Duration hintFor(Object outcome) {
    HttpResponse<?> response = null;
    if (outcome instanceof FailedResponseException failed) {
      response = failed.response();
    } else if (outcome instanceof HttpResponse<?> r) {
      response = r;
    }
    if (response == null || response.statusCode() != 429 && response.statusCode() != 503) {
      return null;
    }
    return of(response).orElse(null);
  }

  /**
   * The delay {@code response} asks for: its {@code Retry-After} as delta-seconds, or as an HTTP date measured from
   * the response's {@code Date} header (from the local clock when absent). Empty when the header is missing or
   * malformed; a date in the past gives {@link Duration#ZERO}.
   */
  public static Optional<Duration> of(HttpResponse<?> response) {
    if (response == null) {
      return Optional.empty();
    }
    String value = response.getHeader("Retry-After");
    if (value == null) {
      return Optional.empty();
    }
    return parse(value, response.getHeader("Date"));
  }

  /**
   * Parses a {@code Retry-After} value; {@code dateHeader}, the response's {@code Date}, is the reference of an
   * HTTP-date value (the local clock when null or malformed).
   */
  public static Optional<Duration> parse(String value, String dateHeader) {
    if (value == null) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return Optional.empty();
    }
    if (isDigits(v)) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException tooLarge) {
        return Optional.of(Duration.ofSeconds(Long.MAX_VALUE));
      }
    }
    ZonedDateTime at = parseDate(v);
    if (at == null) {
      return Optional.empty();
    }
    ZonedDateTime reference = dateHeader == null ? null : parseDate(dateHeader.trim());
    long referenceMillis = reference != null ? reference.toInstant().toEpochMilli() : System.currentTimeMillis();
    long millis = at.toInstant().toEpochMilli() - referenceMillis;
    return Optional.of(Duration.ofMillis(Math.max(0, millis)));
  }

  /** Seconds for an HTTP {@code Retry-After} header: rounded up, at least 1. */
  public static long headerSeconds(Duration delay) {
    if (delay == null || delay.isNegative() || delay.isZero()) {
      return 1;
    }
    long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }

  private static boolean isDigits(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static ZonedDateTime parseDate(String v) {
    try {
      return ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
