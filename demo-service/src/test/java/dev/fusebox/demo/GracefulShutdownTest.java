package dev.fusebox.demo;

import static dev.fusebox.demo.UserLookupEndToEndTest.awaitCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.demo.testing.DemoProcess;
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
      String config = TestFiles.json("{\"userApi\": {\"guard\": {\"timeout\": \"30s\"}}}");
      try (DemoProcess demo = DemoProcess.start(Map.of(
          "USER_API_URL", upstream.url(), "DEMO_CONFIG", config, "SHUTDOWN_TIMEOUT", "20s"))) {
        // HTTP/1.1: the JDK 17 client fails streams in flight on an HTTP/2 GOAWAY instead of letting them finish.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        CompletableFuture<HttpResponse<String>> inFlight = http.sendAsync(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + demo.httpPort() + "/users/77")).build(),
            HttpResponse.BodyHandlers.ofString());
        awaitCondition(() -> upstream.heldCount() == 1, "the request to reach the upstream");

        // when the process gets SIGTERM while the request is in flight
        demo.process().toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
        demo.awaitLog("shutting down", Duration.ofSeconds(10));

        // then it accepts no new connection, but the request in flight is still waiting for its answer
        awaitCondition(() -> refusesConnections(demo.httpPort()), "new connections to be refused");
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
