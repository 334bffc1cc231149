package dev.fusebox.demo.testing;

import dev.fusebox.demo.DemoService;
import dev.fusebox.demo.cluster.DemoCluster;
import dev.fusebox.demo.config.ConfigLoader;
import dev.fusebox.demo.config.DemoConfig;
import dev.fusebox.demo.telemetry.Telemetry;
import dev.fusebox.spi.Clock;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Vertx;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A demo service started in-process on 127.0.0.1 port 0, with an in-memory span exporter, a Prometheus reader and
 * the clock the test gives, plus a blocking HTTP client for it.
 */
public final class RunningDemo implements AutoCloseable {

  private final Vertx vertx;
  private final Telemetry telemetry;
  private final DemoService service;
  private final InMemorySpanExporter spans;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  private RunningDemo(Vertx vertx, Telemetry telemetry, DemoService service, InMemorySpanExporter spans) {
    this.vertx = vertx;
    this.telemetry = telemetry;
    this.service = service;
    this.spans = spans;
  }

  /** Starts the demo with the configuration {@code env} and {@code args} describe, on loopback port 0. */
  public static RunningDemo start(Map<String, String> env, List<String> args, Clock clock) throws Exception {
    // no not-ready pause on close unless the test asks for one: tests close many demos
    Map<String, String> withDefaults = new java.util.HashMap<>(env);
    withDefaults.putIfAbsent("SHUTDOWN_READY_DELAY", "0s");
    DemoConfig config = ConfigLoader.load(args, withDefaults).withPorts("127.0.0.1", 0, 0);
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    PrometheusMetricReader prometheus = PrometheusMetricReader.builder().build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(prometheus).build())
        .build();
    Telemetry telemetry = new Telemetry(sdk, prometheus);
    // Clustered when the configuration says so (cluster.enabled): the test then gives the members and addresses.
    Vertx vertx = DemoCluster.start(Vertx.builder().withTracer(new OpenTelemetryTracingFactory(sdk)), config.cluster())
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    try {
      DemoService service = DemoService.start(vertx, config, telemetry, clock)
          .toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      return new RunningDemo(vertx, telemetry, service, spans);
    } catch (Exception e) {
      vertx.close();
      throw e;
    }
  }

  /**
   * Starts the demo against {@code upstream}, with {@code guard} as {@code userApi.guard} (JSON text) and a 60 s
   * deadline, so that the guard's own timeouts decide.
   */
  public static RunningDemo against(TestUpstream upstream, String guard, Clock clock) throws Exception {
    return against(upstream, guard, "60s", clock);
  }

  /** Starts the demo against {@code upstream}, with {@code guard} as {@code userApi.guard} and {@code deadline}. */
  public static RunningDemo against(TestUpstream upstream, String guard, String deadline, Clock clock)
      throws Exception {
    return start(Map.of("USER_API_URL", upstream.url(), "DEMO_CONFIG", TestFiles.json(
        "{\"userApi\": {\"guard\": " + guard + ", \"deadline\": \"" + deadline + "\"}}")), List.of(), clock);
  }

  /** The service. */
  public DemoService service() {
    return service;
  }

  /** Spans ended so far. */
  public InMemorySpanExporter spans() {
    return spans;
  }

  /** The base URL of the public server. */
  public String url() {
    return "http://127.0.0.1:" + service.httpPort();
  }

  /** {@code GET path} on the public server; {@code path} is sent as written, percent-escapes and all. */
  public HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * {@code GET path}, moving {@code clock} forward by 50 ms steps until the answer arrives: for guards whose retry
   * delays and timeouts run on a manual clock.
   */
  public HttpResponse<String> getAdvancing(String path, dev.fusebox.testing.ManualClock clock) throws Exception {
    java.util.concurrent.CompletableFuture<HttpResponse<String>> pending = http.sendAsync(
        HttpRequest.newBuilder(URI.create(url() + path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!pending.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(2);
      clock.advance(Duration.ofMillis(50));
    }
    return pending.get(1, TimeUnit.SECONDS);
  }

  /** {@code method path} with a JSON body on 127.0.0.1:{@code port} (the fault controls). */
  public HttpResponse<String> send(int port, String method, String path, String json) throws Exception {
    HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(json);
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Content-Type", "application/json").method(method, body).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code GET /metrics} on the metrics server. */
  public String scrape() throws IOException, InterruptedException {
    URI uri = URI.create("http://127.0.0.1:" + service.metricsPort() + "/metrics");
    return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The HTTP client used by {@link #get}. */
  public HttpClient http() {
    return http;
  }

  /** Drains the service and closes Vert.x (leaving the cluster when clustered) and the telemetry; idempotent. */
  @Override
  public void close() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      service.shutdown().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      vertx.close();
      telemetry.close();
    }
  }
}
