package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.RawHttp;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestFiles;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The public server against clients that try to hold it or make it fail: slowloris, idle keep-alives, odd request
 * lines, oversized heads, bad escapes, HEAD, a crowd of dashboard subscribers. Real sockets and real (short)
 * server timeouts: a 1 s header-read deadline and a 2 s idle timeout.
 */
class HardenedServerTest {

  private static final long HEADER_TIMEOUT_MILLIS = 1_000;

  private TestUpstream upstream;
  private RunningDemo demo;

  @BeforeEach
  void start() throws Exception {
    upstream = TestUpstream.start();
    demo = RunningDemo.start(Map.of(
        "USER_API_URL", upstream.url(),
        "HTTP_HEADER_TIMEOUT", HEADER_TIMEOUT_MILLIS + "ms",
        "HTTP_IDLE_TIMEOUT", "2s",
        "DEMO_CONFIG", TestFiles.json("{\"dashboard\": {\"maxSubscribers\": 2}}")), List.of(), new ManualClock());
  }

  @AfterEach
  void stop() throws Exception {
    demo.close();
    upstream.close();
  }

  private int port() {
    return demo.service().httpPort();
  }

  @Test
  void slowlorisConnectionIsClosedAtTheHeaderDeadline() throws Exception {
    try (RawHttp slow = RawHttp.connect(port())) {
      // given a client that sends its request head one byte every 100 ms, never finishing it
      long start = System.nanoTime();
      String head = "GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + "a".repeat(200);
      boolean closed = false;
      for (int i = 0; i < head.length() && !closed; i++) {
        try {
          slow.send(head.substring(i, i + 1));
        } catch (java.io.IOException e) {
          closed = true;
          break;
        }
        closed = slow.closedWithin(100);
      }
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

      // then the server closed it at the header deadline, although it was never idle
      assertThat(closed).as("connection closed").isTrue();
      assertThat(elapsedMillis).isBetween(HEADER_TIMEOUT_MILLIS - 100, HEADER_TIMEOUT_MILLIS + 1_000);
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosedAfterTheHeaderDeadline() throws Exception {
    try (RawHttp idle = RawHttp.connect(port())) {
      // given a keep-alive connection that was answered once
      RawHttp.Response first = idle.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
      assertThat(first.status()).isEqualTo(200);
      long start = System.nanoTime();

      // when it sends nothing more, then the server closes it within the deadline
      assertThat(idle.closedWithin(HEADER_TIMEOUT_MILLIS + 1_500)).isTrue();
      assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(HEADER_TIMEOUT_MILLIS - 100);
    }
  }

  @Test
  void keepAliveConnectionServesSeveralRequestsWithinTheDeadline() throws Exception {
    try (RawHttp conn = RawHttp.connect(port())) {
      for (int i = 0; i < 3; i++) {
        assertThat(conn.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse().status())
            .isEqualTo(200);
      }
    }
  }

  @Test
  void http12RequestLineIsNeverA5xx() throws Exception {
    try (RawHttp conn = RawHttp.connect(port())) {
      RawHttp.Response response = conn.send("GET /health HTTP/1.2\r\nHost: localhost\r\n\r\n").readResponse();
      assertThat(response.status()).isBetween(200, 499);
      if (response.status() >= 400) {
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      }
    }
  }

  @Test
  void unknownProtocolInRequestLineIsA400Problem() throws Exception {
    try (RawHttp conn = RawHttp.connect(port())) {
      RawHttp.Response response = conn.send("GET /health FOO/9\r\nHost: localhost\r\n\r\n").readResponse();
      assertThat(response.status()).isEqualTo(400);
      assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
      assertThat(new JsonObject(response.body()).getInteger("status")).isEqualTo(400);
    }
  }

  @Test
  void overlongRequestLineIsA414Problem() throws Exception {
    try (RawHttp conn = RawHttp.connect(port())) {
      RawHttp.Response response = conn.send("GET /users/" + "1".repeat(5_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
          .readResponse();
      assertProblem(response, 414);
    }
  }

  @Test
  void oversizedHeadersAreA431Problem() throws Exception {
    try (RawHttp conn = RawHttp.connect(port())) {
      RawHttp.Response response = conn.send("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Big: "
          + "b".repeat(9_000) + "\r\n\r\n").readResponse();
      assertProblem(response, 431);
    }
  }

  @Test
  void badPercentEscapeIsA400Problem() throws Exception {
    for (String path : List.of("/users/%zz", "/%zz", "/users/1%")) {
      try (RawHttp conn = RawHttp.connect(port())) {
        RawHttp.Response response = conn.send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse();
        assertThat(response.status()).as(path).isEqualTo(400);
        assertThat(response.header("Content-Type")).as(path).isEqualTo("application/problem+json");
      }
    }
  }

  @Test
  void unknownMethodIsA405ProblemAndHeadIsServed() throws Exception {
    try (RawHttp conn = RawHttp.connect(port())) {
      assertProblem(conn.send("DELETE /users/1 HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse(), 405);
    }
    try (RawHttp conn = RawHttp.connect(port())) {
      for (String path : List.of("/health", "/ready", "/breakers", "/dashboard", "/users/7")) {
        RawHttp.Response head = conn.send("HEAD " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n").readHeadOnly();
        assertThat(head.status()).as(path).isEqualTo(200);
      }
    }
  }

  @Test
  void dashboardStreamsAreCappedWithA503Problem() throws Exception {
    try (RawHttp first = RawHttp.connect(port()); RawHttp second = RawHttp.connect(port());
        RawHttp third = RawHttp.connect(port())) {
      String subscribe = "GET /dashboard/events HTTP/1.1\r\nHost: localhost\r\n\r\n";
      first.send(subscribe).readHeadOnly();
      second.send(subscribe).readHeadOnly();
      RawHttp.Response refused = third.send(subscribe).readResponse();
      assertProblem(refused, 503);
      assertThat(refused.header("Retry-After")).isNotNull();
      assertThat(demo.service().dashboard().subscribers()).isEqualTo(2);
    }
  }

  @Test
  void metricsServerAnswersOtherPathsWithA404Problem() throws Exception {
    try (RawHttp conn = RawHttp.connect(demo.service().metricsPort())) {
      assertProblem(conn.send("GET /nope HTTP/1.1\r\nHost: localhost\r\n\r\n").readResponse(), 404);
    }
  }

  private static void assertProblem(RawHttp.Response response, int status) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
    assertThat(new JsonObject(response.body()).getInteger("status")).isEqualTo(status);
  }
}
