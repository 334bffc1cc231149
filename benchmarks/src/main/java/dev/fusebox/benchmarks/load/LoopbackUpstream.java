package dev.fusebox.benchmarks.load;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The user API the load test points the demo at: a small Vert.x server on 127.0.0.1 whose behaviour the script
 * switches at run time. {@code GET /users/{id}} answers a JSON user; {@code PUT /control?mode=M} sets the mode:
 * {@code healthy} (always 200), {@code fail50} (500 for a random half of the requests), {@code hang} (never
 * answers: the request stays open until the client gives up). {@code GET /control} reports the mode and counts.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.fusebox.benchmarks.load.LoopbackUpstream [port]}; prints
 * {@code listening on <port>} once ready (port 0, the default, picks a free one). Loopback only, by design.
 *
 * <p>Thread-safe: the mode is a volatile field; counters are atomics.
 */
public final class LoopbackUpstream {

  /** What the server does with user requests. */
  enum Mode { HEALTHY, FAIL50, HANG }

  private volatile Mode mode = Mode.HEALTHY;
  private final AtomicLong served = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong hung = new AtomicLong();

  private LoopbackUpstream() {
  }

  /** Starts the server and prints its port. */
  public static void main(String[] args) {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    LoopbackUpstream upstream = new LoopbackUpstream();
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)
        .setIdleTimeout(0));
    int actual = server.requestHandler(upstream::handle).listen().await().actualPort();
    System.out.println("listening on " + actual);
    System.out.flush();
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (path.startsWith("/users/")) {
      user(request, path.substring("/users/".length()));
    } else if (path.equals("/control")) {
      control(request);
    } else {
      request.response().setStatusCode(404).end();
    }
  }

  private void user(HttpServerRequest request, String id) {
    switch (mode) {
      case HANG -> {
        hung.incrementAndGet();
        // No answer: the caller's timeout (or its closing the connection) ends the exchange.
      }
      case FAIL50 -> {
        if (ThreadLocalRandom.current().nextBoolean()) {
          failed.incrementAndGet();
          request.response().setStatusCode(500).putHeader("content-type", "application/json")
              .end("{\"error\":\"injected failure\"}");
        } else {
          ok(request, id);
        }
      }
      default -> ok(request, id);
    }
  }

  private void ok(HttpServerRequest request, String id) {
    served.incrementAndGet();
    if (!id.chars().allMatch(Character::isDigit) || id.isEmpty()) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.response().putHeader("content-type", "application/json")
        .end(Buffer.buffer("{\"id\":" + id + ",\"name\":\"User " + id + "\",\"email\":\"user" + id
            + "@example.test\"}"));
  }

  private void control(HttpServerRequest request) {
    String wanted = request.getParam("mode");
    if (wanted != null) {
      try {
        mode = Mode.valueOf(wanted.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        request.response().setStatusCode(400).end("mode must be healthy, fail50 or hang, was " + wanted + "\n");
        return;
      }
    }
    request.response().putHeader("content-type", "application/json")
        .end("{\"mode\":\"" + mode.name().toLowerCase(Locale.ROOT) + "\",\"served\":" + served.get()
            + ",\"failed\":" + failed.get() + ",\"hung\":" + hung.get() + "}\n");
  }
}
