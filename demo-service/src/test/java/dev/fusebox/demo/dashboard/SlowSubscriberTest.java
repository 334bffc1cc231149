package dev.fusebox.demo.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.demo.testing.Eventually;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A dashboard subscriber that stops reading is dropped once its write queue is full, instead of buffering without
 * bound on the event loop, and the subscribers that read keep their stream. Real sockets on loopback: the stalled
 * one has a tiny receive buffer and never reads.
 */
class SlowSubscriberTest {

  private Vertx vertx;
  private HttpServer server;
  private Dashboard dashboard;
  private final OutcomeLog outcomes = new OutcomeLog();
  private long recorder;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    List<CircuitBreaker> breakers = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      breakers.add(CircuitBreaker.of("upstream-" + i, cb -> { }));
    }
    dashboard = new Dashboard(vertx, () -> breakers, outcomes, Duration.ofMillis(50), 10, null);
    Router router = Router.router(vertx);
    dashboard.mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    // every push carries a changed snapshot
    AtomicLong n = new AtomicLong();
    recorder = vertx.setPeriodic(2, id -> outcomes.record("user-" + n.incrementAndGet(), ServedFrom.UPSTREAM, 200));
  }

  @AfterEach
  void stop() throws Exception {
    vertx.cancelTimer(recorder);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aSubscriberThatStopsReadingIsDroppedAndTheOthersKeepTheirStream() throws Exception {
    // given one subscriber that reads and one that never does
    AtomicLong read = new AtomicLong();
    HttpClient client = vertx.createHttpClient();
    HttpClientResponse reading = client.request(HttpMethod.GET, server.actualPort(), "127.0.0.1", "/dashboard/events")
        .compose(request -> request.send())
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    reading.handler(chunk -> read.addAndGet(chunk.length()));
    try (Socket stalled = new Socket()) {
      stalled.setReceiveBufferSize(1024);
      stalled.connect(new InetSocketAddress("127.0.0.1", server.actualPort()), 5_000);
      OutputStream out = stalled.getOutputStream();
      out.write("GET /dashboard/events HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Eventually.await(() -> dashboard.subscribers() == 2, "both subscribed");

      // when the pushes outgrow what the stalled one's connection can hold
      Eventually.await(() -> dashboard.dropped() == 1, "the stalled subscriber dropped", 30);

      // then only it was dropped, its connection is closed, and the reader's stream goes on
      assertThat(dashboard.subscribers()).isEqualTo(1);
      long before = read.get();
      Eventually.await(() -> read.get() > before, "the reading subscriber still receives pushes", 10);
      assertThat(closedByServer(stalled)).as("the stalled connection was reset or closed").isTrue();
    }
  }

  /** Drains what the server had sent and tells whether the stream then ended (EOF or reset). */
  private static boolean closedByServer(Socket socket) throws Exception {
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    byte[] buffer = new byte[64 * 1024];
    try {
      while (in.read(buffer) >= 0) {
        // drain
      }
      return true;
    } catch (SocketException reset) {
      return true;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    }
  }
}
