package dev.fusebox.demo.dashboard;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The live dashboard: {@code GET /dashboard} is a plain HTML page (no build step) that subscribes to
 * {@code GET /dashboard/events}, a server-sent-events stream of snapshots (breaker states and rates, outcome totals,
 * recent outcomes). A snapshot is pushed when it changed, checked every {@code interval}, plus a comment line every
 * 15 s to keep proxies from closing an idle stream.
 *
 * <p>Thread-safe: open streams live in a concurrent set; pushes run on the Vert.x timer's context and write to each
 * response, which Vert.x hands to the response's own context.
 */
public final class Dashboard {

  private static final long KEEP_ALIVE_MILLIS = 15_000;

  private final Vertx vertx;
  private final Supplier<? extends Collection<? extends CircuitBreaker>> breakers;
  private final OutcomeLog outcomes;
  private final Duration interval;
  private final String page;
  private final Set<HttpServerResponse> streams = ConcurrentHashMap.newKeySet();
  private volatile String lastPushed = "";
  private volatile long lastWriteMillis;
  private long timerId = -1;

  /** Creates the dashboard of {@code breakers} and {@code outcomes}, checking for changes every {@code interval}. */
  public Dashboard(Vertx vertx, Supplier<? extends Collection<? extends CircuitBreaker>> breakers,
      OutcomeLog outcomes, Duration interval) {
    this.vertx = vertx;
    this.breakers = breakers;
    this.outcomes = outcomes;
    this.interval = interval;
    this.page = readPage();
  }

  /** Adds {@code GET /dashboard} and {@code GET /dashboard/events} to {@code router} and starts the pushes. */
  public void mount(Router router) {
    router.get("/dashboard").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(page));
    router.get("/dashboard/events").handler(this::subscribe);
    if (timerId == -1) {
      timerId = vertx.setPeriodic(Math.max(50, interval.toMillis()), id -> push());
    }
  }

  /** The current snapshot: {@code {"breakers": [...], "totals": {...}, "recent": [...]}}. */
  public JsonObject snapshot() {
    return new JsonObject()
        .put("breakers", BreakerView.toJson(breakers.get()))
        .put("totals", outcomes.totalsJson())
        .put("recent", outcomes.recentJson());
  }

  /** How many browsers are subscribed. */
  public int subscribers() {
    return streams.size();
  }

  /** Stops the pushes and ends every open stream, so a graceful shutdown does not wait on them. */
  public void close() {
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
      timerId = -1;
    }
    for (HttpServerResponse stream : streams) {
      streams.remove(stream);
      if (!stream.ended() && !stream.closed()) {
        stream.end();
      }
    }
  }

  private void subscribe(RoutingContext ctx) {
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no");
    streams.add(response);
    response.closeHandler(v -> streams.remove(response));
    response.endHandler(v -> streams.remove(response));
    response.write("retry: 1000\n\n");
    response.write(event(snapshot().encode()));
  }

  private void push() {
    if (streams.isEmpty()) {
      return;
    }
    String data = snapshot().encode();
    long now = System.currentTimeMillis();
    String frame;
    if (!data.equals(lastPushed)) {
      lastPushed = data;
      frame = event(data);
    } else if (now - lastWriteMillis >= KEEP_ALIVE_MILLIS) {
      frame = ": keep-alive\n\n";
    } else {
      return;
    }
    lastWriteMillis = now;
    for (HttpServerResponse stream : streams) {
      if (stream.closed() || stream.ended()) {
        streams.remove(stream);
      } else if (!stream.writeQueueFull()) {
        stream.write(frame);
      }
    }
  }

  private static String event(String json) {
    return "event: snapshot\ndata: " + json + "\n\n";
  }

  private static String readPage() {
    try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/index.html")) {
      if (in == null) {
        throw new IllegalStateException("dashboard/index.html is missing from the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
