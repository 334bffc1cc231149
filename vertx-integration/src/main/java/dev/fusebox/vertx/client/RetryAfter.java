package dev.fusebox.vertx.client;

import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the HTTP {@code Retry-After} header (RFC 9110 §10.2.3) and turns it into retry delays.
 *
 * <p>A guard honours it through its retry policy's delay hint:
 * A {@link FailedResponseException} of a {@code 429} or {@code 503} carries the delay as its
 * {@link FailedResponseException#retryAfter()}, and every retry honours it: {@code Retry-After: 2} delays the next
 * attempt by at least two seconds, and a wait longer than the retry's {@code maxDelay} stops the retry (the caller
 * gets the response at once rather than a retry before the server asked).
 *
 * <p>Thread-safe: stateless.
 */
public final class RetryAfter {

  private RetryAfter() {
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
