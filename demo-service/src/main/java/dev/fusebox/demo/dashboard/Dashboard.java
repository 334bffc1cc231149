package dev.fusebox.demo.dashboard;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerMetrics;
import dev.fusebox.vertx.web.Problem;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The live dashboard: {@code GET /dashboard} is a plain HTML page (no build step, nothing loaded from elsewhere)
 * that subscribes to {@code GET /dashboard/events}, a server-sent-events stream. On subscribing it gets a
 * {@code snapshot} (breaker states and rates, outcome totals, recent outcomes, the last five minutes of one-second
 * samples per breaker); then a {@code snapshot} whenever one changed (checked every {@code interval}), a
 * {@code sample} event each second (per breaker: state, failure and slow-call rates, calls per outcome, latency
 * p50/p99), and a comment line every 15 s to keep proxies from closing an idle stream.
 *
 * <p><b>Bounded.</b> At most {@code maxSubscribers} streams are open; one more gets {@code 503} problem+json with
 * {@code Retry-After}. Each frame is encoded once and written to every stream without waiting: a stream whose write
 * queue is full (a subscriber that does not read) is dropped — its connection closed — instead of buffering
 * without bound; the browser's EventSource reconnects when it reads again.
 *
 * <p>With fault controls (the embedded API's, {@code admin.enabled}), {@code GET /dashboard/faults} reports them
 * and {@code POST /dashboard/faults/{preset}} applies one — only for clients on loopback, and only with the header
 * {@code X-Fusebox-Dashboard: 1}, which a cross-site form cannot send.
 *
 * <p>Thread-safe: open streams live in a concurrent map; pushes run on the Vert.x timer's context, and Vert.x hands
 * each write to its response's own event loop.
 */
public final class Dashboard {

  /** The request header fault-control calls must carry. */
  public static final String FAULT_HEADER = "X-Fusebox-Dashboard";
  /** Bytes queued for one subscriber beyond which it is dropped. */
  static final int MAX_QUEUED_BYTES = 64 * 1024;

  private static final long KEEP_ALIVE_MILLIS = 15_000;
  private static final long SAMPLE_MILLIS = 1_000;

  private final Vertx vertx;
  private final Supplier<? extends Collection<? extends CircuitBreaker>> breakers;
  private final OutcomeLog outcomes;
  private final Duration interval;
  private final int maxSubscribers;
  private final FaultControls faults;
  private final String page;
  private final Map<HttpServerResponse, Boolean> streams = new ConcurrentHashMap<>();
  private final AtomicInteger open = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final Map<String, CallStats> stats = new ConcurrentHashMap<>();
  private final Map<String, History> histories = new ConcurrentHashMap<>();
  private volatile String lastPushed = "";
  private volatile long lastWriteMillis;
  private long timerId = -1;
  private long sampleTimerId = -1;

  /**
   * Creates the dashboard of {@code breakers} and {@code outcomes}, checking for changes every {@code interval},
   * with at most {@code maxSubscribers} streams and the fault controls {@code faults} (null for none).
   */
  public Dashboard(Vertx vertx, Supplier<? extends Collection<? extends CircuitBreaker>> breakers,
      OutcomeLog outcomes, Duration interval, int maxSubscribers, FaultControls faults) {
    this.vertx = vertx;
    this.breakers = breakers;
    this.outcomes = outcomes;
    this.interval = interval;
    this.maxSubscribers = maxSubscribers;
    this.faults = faults;
    this.page = readPage();
  }

  /** The call statistics of the lookups through the breaker named {@code breaker}, for the charts. */
  public CallStats statsOf(String breaker) {
    return stats.computeIfAbsent(breaker, name -> new CallStats());
  }

  /** Adds the dashboard's routes to {@code router} and starts the pushes. */
  public void mount(Router router) {
    router.route("/dashboard").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
            + "style-src 'unsafe-inline'; img-src 'self' data:")
        .end(page));
    router.get("/dashboard/events").handler(this::subscribe);
    router.get("/dashboard/faults").handler(this::getFaults);
    router.post("/dashboard/faults/:preset").handler(this::setFaults);
    if (timerId == -1) {
      timerId = vertx.setPeriodic(Math.max(50, interval.toMillis()), id -> push());
      sampleTimerId = vertx.setPeriodic(SAMPLE_MILLIS, id -> sample());
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
    return open.get();
  }

  /** How many subscribers were dropped for not reading. */
  public long dropped() {
    return dropped.sum();
  }

  /** How many subscriptions were refused for the cap. */
  public long refused() {
    return refused.sum();
  }

  /** Stops the pushes and ends every open stream, so a graceful shutdown does not wait on them. */
  public void close() {
    if (timerId != -1) {
      vertx.cancelTimer(timerId);
      vertx.cancelTimer(sampleTimerId);
      timerId = -1;
    }
    for (HttpServerResponse stream : streams.keySet()) {
      remove(stream);
      if (!stream.ended() && !stream.closed()) {
        stream.end();
      }
    }
  }

  private void subscribe(RoutingContext ctx) {
    if (open.incrementAndGet() > maxSubscribers) {
      open.decrementAndGet();
      refused.increment();
      Problem.of(503, "Too many dashboard subscribers", "At most " + maxSubscribers + " dashboard streams may be"
          + " open at once; try again later.").withRetryAfter(Duration.ofSeconds(10)).send(ctx);
      return;
    }
    HttpServerResponse response = ctx.response()
        .setChunked(true)
        .setWriteQueueMaxSize(MAX_QUEUED_BYTES)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Accel-Buffering", "no");
    streams.put(response, Boolean.TRUE);
    response.closeHandler(v -> remove(response));
    ctx.addEndHandler(v -> remove(response));
    JsonObject first = snapshot().put("history", historyJson());
    response.write("retry: 1000\n\n");
    response.write(event("snapshot", first.encode()));
  }

  private void remove(HttpServerResponse stream) {
    if (streams.remove(stream) != null) {
      open.decrementAndGet();
    }
  }

  private void push() {
    if (streams.isEmpty()) {
      return;
    }
    String data = snapshot().encode();
    long now = System.currentTimeMillis();
    Buffer frame;
    if (!data.equals(lastPushed)) {
      lastPushed = data;
      frame = event("snapshot", data);
    } else if (now - lastWriteMillis >= KEEP_ALIVE_MILLIS) {
      frame = Buffer.buffer(": keep-alive\n\n");
    } else {
      return;
    }
    lastWriteMillis = now;
    broadcast(frame);
  }

  /** Once a second: one sample per breaker into its history, pushed to every stream. */
  private void sample() {
    long now = System.currentTimeMillis();
    JsonObject samples = new JsonObject();
    for (CircuitBreaker breaker : breakers.get()) {
      CircuitBreakerMetrics m = breaker.metrics();
      CallStats.Totals t = statsOf(breaker.name()).roll();
      JsonObject sample = new JsonObject()
          .put("t", now)
          .put("state", m.state().name())
          .put("failureRate", m.failureRate())
          .put("slowCallRate", m.slowCallRate())
          .put("upstream", t.upstream())
          .put("cache", t.cache())
          .put("error", t.error())
          .put("p50", t.p50Millis())
          .put("p99", t.p99Millis());
      histories.computeIfAbsent(breaker.name(), name -> new History()).add(sample);
      samples.put(breaker.name(), sample);
    }
    if (!streams.isEmpty() && !samples.isEmpty()) {
      broadcast(event("sample", samples.encode()));
    }
  }

  private JsonObject historyJson() {
    JsonObject out = new JsonObject();
    histories.forEach((name, history) -> out.put(name, history.toJson()));
    return out;
  }

  /** Writes {@code frame} to every stream without waiting; drops those that cannot keep up. */
  private void broadcast(Buffer frame) {
    for (HttpServerResponse stream : streams.keySet()) {
      if (stream.closed() || stream.ended()) {
        remove(stream);
      } else if (stream.writeQueueFull()) {
        remove(stream);
        dropped.increment();
        stream.reset();
      } else {
        stream.write(frame);
      }
    }
  }

  private void getFaults(RoutingContext ctx) {
    if (!faultsAllowed(ctx, false)) {
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("faults", faults.current()).put("active", faults.active())
            .put("presets", FaultControls.PRESETS).encode());
  }

  private void setFaults(RoutingContext ctx) {
    if (!faultsAllowed(ctx, true)) {
      return;
    }
    String preset = ctx.pathParam("preset");
    if (!FaultControls.PRESETS.contains(preset)) {
      Problem.of(404, "Unknown fault preset", "The presets are " + String.join(", ", FaultControls.PRESETS) + ".")
          .send(ctx);
      return;
    }
    faults.apply(preset);
    getFaults(ctx);
  }

  private boolean faultsAllowed(RoutingContext ctx, boolean changing) {
    if (faults == null) {
      Problem.of(404, "Fault controls are off", "Start the demo with admin.enabled (DEMO_ADMIN_ENABLED=true) and"
          + " no userApi.url to inject faults into its simulated API.").send(ctx);
      return false;
    }
    String remote = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
    if (!FaultControls.isLoopback(remote)) {
      Problem.of(403, "Fault controls are for loopback clients only", null).send(ctx);
      return false;
    }
    if (changing && !"1".equals(ctx.request().getHeader(FAULT_HEADER))) {
      Problem.of(403, "Missing header", "Fault changes need the header " + FAULT_HEADER + ": 1.").send(ctx);
      return false;
    }
    return true;
  }

  private static Buffer event(String name, String json) {
    return Buffer.buffer("event: " + name + "\ndata: " + json + "\n\n");
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
