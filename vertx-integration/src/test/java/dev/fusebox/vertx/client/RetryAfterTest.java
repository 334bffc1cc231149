package dev.fusebox.vertx.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  @Test
  void delta_seconds_are_read_as_seconds() {
    assertThat(RetryAfter.parse("120", null)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", null)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("99999999999999999999999", null)).contains(Duration.ofSeconds(Long.MAX_VALUE));
  }

  @Test
  void an_http_date_is_measured_from_the_responses_date_header() {
    assertThat(RetryAfter.parse("Fri, 31 Dec 2027 23:59:59 GMT", "Fri, 31 Dec 2027 23:58:59 GMT"))
        .contains(Duration.ofMinutes(1));
    assertThat(RetryAfter.parse("Fri, 31 Dec 2027 23:58:00 GMT", "Fri, 31 Dec 2027 23:59:59 GMT"))
        .contains(Duration.ZERO);
  }

  @Test
  void an_http_date_without_a_date_header_is_measured_from_the_local_clock() {
    assertThat(RetryAfter.parse("Thu, 01 Jan 1970 00:00:00 GMT", null)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", "not a date").orElseThrow())
        .isGreaterThan(Duration.ofDays(365 * 1000));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "soon", "-5", "1.5", "31 Dec 2027"})
  void anything_else_is_no_hint(String value) {
    assertThat(RetryAfter.parse(value, null)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({"0, 1", "1, 1", "1500, 2", "2000, 2", "2001, 3", "-5, 1"})
  void header_seconds_are_rounded_up_and_at_least_one(long millis, long seconds) {
    assertThat(RetryAfter.headerSeconds(Duration.ofMillis(millis))).isEqualTo(seconds);
  }
}
