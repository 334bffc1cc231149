package dev.fusebox.demo;

import static dev.fusebox.demo.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.demo.testing.DemoProcess;
import dev.fusebox.demo.testing.RawHttp;
import dev.fusebox.demo.testing.TestFiles;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.testing.TestUpstream.Mode;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM on the real process: in-flight requests finish, new connections are refused, then the JVM exits. */
class GracefulShutdownTest {

  @Test
  void sigtermLetsInFlightRequestsFinishBeforeExiting() throws Exception {
    try (TestUpstream upstream = TestUpstream.start()) {
      upstream.mode(Mode.HOLDING);
      String config = TestFiles.json("{\"userApi\": {\"guard\": {\"timeout\": \"30s\"}, \"deadline\": \"30s\"}}");
      try (DemoProcess demo = DemoProcess.start(Map.of(
          "USER_API_URL", upstream.url(), "DEMO_CONFIG", config, "SHUTDOWN_TIMEOUT", "20s"))) {
        // HTTP/1.1: the JDK 17 client fails streams in flight on an HTTP/2 GOAWAY instead of letting them finish.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.httpPort() + "/users/77")).build(),
            HttpResponse.BodyHandlers.ofString());
        await(() -> upstream.heldCount() == 1, "the request to reach the upstream");

        // when the process gets SIGTERM while the request is in flight
        demo.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        demo.awaitLog("shutting down", Duration.ofSeconds(10));

        // then it accepts no new connection, but the request in flight is still waiting for its answer
        await(() -> refusesConnections(demo.httpPort()), "new connections to be refused");
        assertThat(inFlight).isNotDone();
        assertThat(demo.process().isAlive()).isTrue();

        // and once the upstream answers, the request completes and the process exits
        upstream.releaseHeld();
        HttpResponse<String> response = inFlight.get(15, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Served-From")).hasValue("upstream");
        assertThat(response.body()).contains("Test user 77");
        assertThat(demo.process().waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        assertThat(demo.process().exitValue()).isEqualTo(143);
        assertThat(demo.log()).contains("stopped");
      }
    }
  }

  @Test
  void sigtermAnswersKeepAliveConnectionsWithConnectionCloseWhileReadyFails() throws Exception {
    try (TestUpstream upstream = TestUpstream.start()) {
      try (DemoProcess demo = DemoProcess.start(Map.of(
          "USER_API_URL", upstream.url(), "SHUTDOWN_READY_DELAY", "3s", "HTTP_HEADER_TIMEOUT", "30s"))) {
        // given keep-alive connections that were each answered once
        List<RawHttp> connections = new ArrayList<>();
        try {
          for (int i = 0; i < 8; i++) {
            RawHttp conn = RawHttp.connect(demo.httpPort());
            connections.add(conn);
            RawHttp.Response first = conn.send(get("/users/" + (i + 1))).readResponse();
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("Connection")).isNull();
          }

          // when the process gets SIGTERM
          demo.process().toHandle().destroy();
          demo.awaitLog("shutting down", Duration.ofSeconds(10));

          // then the next request on every connection is still answered, marked Connection: close, and the
          // server closes the connection after it: no client meets a silently closed keep-alive connection
          for (int i = 0; i < connections.size(); i++) {
            RawHttp conn = connections.get(i);
            RawHttp.Response next = conn.send(get(i % 2 == 0 ? "/ready" : "/users/" + (i + 1))).readResponse();
            assertThat(next.status()).isEqualTo(i % 2 == 0 ? 503 : 200);
            assertThat(next.header("Connection")).isEqualToIgnoringCase("close");
            assertThat(conn.closedWithin(2_000)).as("closed after its response").isTrue();
          }
          // and a new connection during the ready delay is still served, as not ready
          try (RawHttp late = RawHttp.connect(demo.httpPort())) {
            RawHttp.Response ready = late.send(get("/ready")).readResponse();
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.header("Connection")).isEqualToIgnoringCase("close");
          }
          // and after it the listener closes and the process exits
          await(() -> refusesConnections(demo.httpPort()), "new connections to be refused");
          assertThat(demo.process().waitFor(15, TimeUnit.SECONDS)).as("exited").isTrue();
        } finally {
          for (RawHttp conn : connections) {
            conn.close();
          }
        }
      }
    }
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
  }

  @Test
  void aConfigurationErrorStopsStartUpNamingTheKey() throws Exception {
    try (DemoProcess demo = DemoProcess.launch(Map.of("HTTP_PORT", "eighty"))) {
      assertThat(demo.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(demo.process().exitValue()).isEqualTo(2);
      assertThat(demo.log()).contains("configuration error: http.port must be an integer in [0, 65535],"
          + " was \"eighty\" (from environment HTTP_PORT)");
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return false;
    } catch (ConnectException refused) {
      return true;
    } catch (java.io.IOException other) {
      return false;
    }
  }

  @Test
  void refusesConnectionsHelperSeesAClosedPort() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
      assertThat(refusesConnections(port)).isFalse();
    }
    assertThat(refusesConnections(port)).isTrue();
    assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
  }
}
