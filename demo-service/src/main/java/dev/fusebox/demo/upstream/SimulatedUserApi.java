package dev.fusebox.demo.upstream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The in-process stand-in for a user API, started when no {@code USER_API_URL} is configured: it answers
 * {@code GET /users/{id}} on loopback with a made-up user for ids 1 to {@value #LAST_USER_ID}, {@code 404} for other
 * ids, and injects the {@link Faults} currently set (see {@link FaultAdmin}).
 *
 * <p>Thread-safe: the faults are an immutable value in an {@link AtomicReference}.
 */
public final class SimulatedUserApi {

  /** The highest id the simulated API knows; higher ids are {@code 404}. */
  public static final long LAST_USER_ID = 100_000;

  private static final System.Logger LOG = System.getLogger(SimulatedUserApi.class.getName());
  private static final String MALFORMED = "{\"id\": 1, \"name\": \"trunc";

  private final Vertx vertx;
  private final AtomicReference<Faults> faults = new AtomicReference<>(Faults.NONE);
  private HttpServer server;

  /** Creates the API on {@code vertx}; {@link #start()} binds it. */
  public SimulatedUserApi(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Binds an ephemeral port on 127.0.0.1 and returns it. */
  public Future<Integer> start() {
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    return server.requestHandler(this::handle).listen().map(s -> {
      LOG.log(System.Logger.Level.INFO, "embedded simulated user API listening on http://127.0.0.1:{0,number,#}",
          s.actualPort());
      return s.actualPort();
    });
  }

  /** Stops accepting requests and closes the server. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** The faults in force. */
  public Faults faults() {
    return faults.get();
  }

  /** Replaces the faults in force; requests already delayed keep the faults they drew. */
  public void faults(Faults next) {
    faults.set(java.util.Objects.requireNonNull(next, "faults"));
    LOG.log(System.Logger.Level.INFO, "simulated user API faults set to {0}", next.toJson().encode());
  }

  private void handle(HttpServerRequest request) {
    String path = request.path();
    if (request.method() != io.vertx.core.http.HttpMethod.GET || path == null || !path.startsWith("/users/")) {
      request.response().setStatusCode(404).end();
      return;
    }
    String raw = path.substring("/users/".length());
    Faults f = faults.get();
    ThreadLocalRandom random = ThreadLocalRandom.current();
    if (draw(random, f.resetRate())) {
      request.connection().close();
      return;
    }
    if (draw(random, f.hangRate())) {
      return; // never answered; the caller's timeout resets the request
    }
    boolean error = draw(random, f.errorRate());
    boolean malformed = !error && draw(random, f.malformedRate());
    Runnable answer = () -> answer(request, raw, error, malformed);
    if (f.latency().isZero()) {
      answer.run();
    } else {
      vertx.setTimer(Math.max(1, f.latency().toMillis()), t -> answer.run());
    }
  }

  private static void answer(HttpServerRequest request, String raw, boolean error, boolean malformed) {
    if (request.response().ended() || request.response().closed()) {
      return;
    }
    if (error) {
      request.response().setStatusCode(500)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
          .end(new JsonObject().put("title", "Internal Server Error").put("status", 500)
              .put("detail", "injected fault").encode());
      return;
    }
    if (malformed) {
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(MALFORMED);
      return;
    }
    long id = parse(raw);
    if (id < 1 || id > LAST_USER_ID) {
      request.response().setStatusCode(404)
          .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
          .end(new JsonObject().put("title", "Not Found").put("status", 404).encode());
      return;
    }
    request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(user(id).encode());
  }

  /** The user the simulated API returns for {@code id}. */
  public static JsonObject user(long id) {
    return new JsonObject().put("id", id).put("name", "User " + id).put("email", "user" + id + "@example.com");
  }

  private static long parse(String raw) {
    if (raw.isEmpty() || raw.length() > 18) {
      return -1;
    }
    for (int i = 0; i < raw.length(); i++) {
      if (raw.charAt(i) < '0' || raw.charAt(i) > '9') {
        return -1;
      }
    }
    return Long.parseLong(raw);
  }

  private static boolean draw(ThreadLocalRandom random, double rate) {
    return rate > 0 && (rate >= 1 || random.nextDouble() < rate);
  }
}
