package dev.fusebox.demo.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A user API under the test's control: a real Vert.x server on 127.0.0.1:0 that records every path it is asked for
 * and answers as the current {@link Mode} says. Ids starting with {@code 404} are unknown users.
 */
public final class TestUpstream implements AutoCloseable {

  /** How the upstream answers. */
  public enum Mode {
    /** {@code 200} with the user (or {@code 404} for ids starting with 404). */
    HEALTHY,
    /** {@code 500} for every request. */
    FAILING,
    /** Never answers until {@link #releaseHeld()} or the client gives up. */
    HOLDING,
    /** {@code 200} with a truncated JSON body. */
    MALFORMED
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final Queue<String> paths = new ConcurrentLinkedQueue<>();
  private final Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
  private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);

  private TestUpstream(Vertx vertx) throws Exception {
    this.vertx = vertx;
    this.server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(this::handle)
        .listen()
        .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Starts an upstream on its own Vert.x instance. */
  public static TestUpstream start() throws Exception {
    return new TestUpstream(Vertx.vertx());
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The port. */
  public int port() {
    return server.actualPort();
  }

  /** Switches how the upstream answers from now on. */
  public void mode(Mode next) {
    mode.set(next);
  }

  /** Every path requested so far, in arrival order. */
  public List<String> paths() {
    return List.copyOf(paths);
  }

  /** How many requests arrived so far. */
  public int calls() {
    return paths.size();
  }

  /** Requests held (mode HOLDING) and not yet answered. */
  public int heldCount() {
    return (int) held.stream().filter(r -> !r.response().ended() && !r.response().closed()).count();
  }

  /** How many held requests the client closed or reset before they were answered. */
  public int heldAbandoned() {
    return (int) held.stream().filter(r -> r.response().closed() && !r.response().ended()).count();
  }

  /** Answers every held request with its user, in the event loop of each. */
  public void releaseHeld() {
    HttpServerRequest request;
    while ((request = held.poll()) != null) {
      HttpServerRequest r = request;
      vertx.runOnContext(v -> {
        if (!r.response().ended() && !r.response().closed()) {
          answer(r);
        }
      });
    }
  }

  private void handle(HttpServerRequest request) {
    paths.add(request.uri());
    switch (mode.get()) {
      case FAILING -> request.response().setStatusCode(500).end("{\"error\":\"boom\"}");
      case HOLDING -> held.add(request);
      case MALFORMED -> request.response().putHeader("Content-Type", "application/json").end("{\"id\": 1, \"na");
      default -> answer(request);
    }
  }

  private static void answer(HttpServerRequest request) {
    String id = request.path().substring(request.path().lastIndexOf('/') + 1);
    if (id.startsWith("404")) {
      request.response().setStatusCode(404).end();
      return;
    }
    request.response().putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("id", Long.parseLong(id)).put("name", "Test user " + id).encode());
  }

  @Override
  public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
