package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.vertx.client.GuardedWebClient;
import dev.fusebox.vertx.testing.Upstream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client calls a Vert.x server traced by vertx-opentelemetry whose handler uses the guarded WebClient: the guard
 * span sits between the HTTP server span and the HTTP client spans.
 */
class TracedRequestTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final RootServerSpanEnded rootEnded = new RootServerSpanEnded();
  private OpenTelemetrySdk sdk;
  private Vertx vertx;
  private Upstream upstream;
  private WebClient outbound;
  private WebClient testClient;
  private HttpServer front;

  /** Completes when a server span without a parent — the front server's — ends. */
  private static final class RootServerSpanEnded implements SpanProcessor {
    volatile Promise<Void> ended = Promise.promise();

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      if (span.getKind() == SpanKind.SERVER && !span.getParentSpanContext().isValid()) {
        ended.tryComplete();
      }
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  @BeforeEach
  void setUp() {
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .addSpanProcessor(rootEnded)
            .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
    vertx = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(sdk)).build();
    upstream = result(Upstream.start(vertx));
    outbound = WebClient.create(vertx);
    testClient = WebClient.create(vertx, new WebClientOptions().setTracingPolicy(TracingPolicy.IGNORE));
  }

  @AfterEach
  void tearDown() {
    result(vertx.close());
    sdk.close();
  }

  /** Starts the front server: GET /front/<path> proxies to the upstream through {@code client}. */
  private int startFront(GuardedWebClient client) {
    Router router = Router.router(vertx);
    router.get("/front/:path").handler(ctx -> client
        .send(outbound.get(upstream.port(), "127.0.0.1", "/" + ctx.pathParam("path").replace('_', '/')))
        .onComplete(ar -> ctx.response().setStatusCode(ar.succeeded() ? ar.result().statusCode() : 599).end()));
    front = result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(router).listen());
    return front.actualPort();
  }

  private List<SpanData> call(int port, String path) {
    rootEnded.ended = Promise.promise();
    result(testClient.get(port, "127.0.0.1", path).send());
    result(rootEnded.ended.future());
    return exporter.getFinishedSpanItems();
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind, java.util.function.Predicate<SpanData> p) {
    List<SpanData> found = spans.stream().filter(s -> s.getKind() == kind && p.test(s)).toList();
    assertThat(found).as("%s spans in %s", kind, spans).hasSize(1);
    return found.get(0);
  }

  @Test
  void the_guard_span_sits_between_the_server_span_and_the_client_span() {
    // given
    GuardedWebClient client = GuardedWebClient.create(vertx, outbound, g -> g
        .observer(FuseboxTracing.create(sdk))
        .circuitBreaker(cb -> cb.minimumCalls(10))
        .timeout(Duration.ofSeconds(5)));
    int port = startFront(client);
    // when
    List<SpanData> spans = call(port, "/front/ok");
    // then
    SpanData server = only(spans, SpanKind.SERVER, s -> !s.getParentSpanContext().isValid());
    SpanData guard = only(spans, SpanKind.INTERNAL, s -> true);
    SpanData clientSpan = only(spans, SpanKind.CLIENT, s -> true);
    assertThat(guard.getName()).isEqualTo("fusebox http:127.0.0.1:" + upstream.port());
    assertThat(guard.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(guard.getParentSpanId()).isEqualTo(server.getSpanId());
    assertThat(clientSpan.getParentSpanId()).isEqualTo(guard.getSpanId());
    assertThat(guard.getAttributes().get(FuseboxAttributes.GUARD)).isEqualTo("http:127.0.0.1:" + upstream.port());
    assertThat(guard.getAttributes().get(FuseboxAttributes.CIRCUIT_STATE)).isEqualTo("closed");
    assertThat(guard.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("success");
    assertThat(guard.getAttributes().get(FuseboxAttributes.RETRY_ATTEMPT)).isEqualTo(1L);
    assertThat(guard.getAttributes().get(FuseboxAttributes.CIRCUIT_TRANSITION)).isNull();
    assertThat(guard.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(guard.getEvents()).isEmpty();
    // the upstream's own server span continues the trace under the client span
    SpanData upstreamServer = only(spans, SpanKind.SERVER, s -> s.getParentSpanContext().isValid());
    assertThat(upstreamServer.getParentSpanId()).isEqualTo(clientSpan.getSpanId());
  }

  @Test
  void retries_and_the_transition_they_cause_are_events_of_the_guard_span() {
    // given a breaker that opens on the second failure, and a retry of two attempts
    GuardedWebClient client = GuardedWebClient.create(vertx, outbound, g -> g
        .observer(FuseboxTracing.create(sdk))
        .retry(r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO))
        .circuitBreaker(cb -> cb.minimumCalls(2).countWindow(2)));
    int port = startFront(client);
    // when
    List<SpanData> spans = call(port, "/front/status_500");
    // then
    SpanData guard = only(spans, SpanKind.INTERNAL, s -> true);
    List<SpanData> attempts = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.getParentSpanId()).isEqualTo(guard.getSpanId()));
    assertThat(guard.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("failure");
    assertThat(guard.getAttributes().get(FuseboxAttributes.RETRY_ATTEMPT)).isEqualTo(2L);
    assertThat(guard.getAttributes().get(FuseboxAttributes.CIRCUIT_TRANSITION)).isEqualTo("closed_to_open");
    assertThat(guard.getAttributes().get(FuseboxAttributes.CIRCUIT_STATE)).isEqualTo("closed");
    assertThat(guard.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(guard.getEvents()).extracting(EventData::getName)
        .containsSubsequence(FuseboxAttributes.EVENT_RETRY, FuseboxAttributes.EVENT_TRANSITION);
    EventData retry = event(guard, FuseboxAttributes.EVENT_RETRY);
    assertThat(retry.getAttributes().get(FuseboxAttributes.RETRY_ATTEMPT)).isEqualTo(2L);
    assertThat(retry.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("upstream 127.0.0.1:" + upstream.port() + " answered 500 Internal Server Error");
    EventData transition = event(guard, FuseboxAttributes.EVENT_TRANSITION);
    assertThat(transition.getAttributes().get(FuseboxAttributes.CIRCUIT_TRANSITION)).isEqualTo("closed_to_open");
    assertThat(transition.getAttributes().get(FuseboxAttributes.CIRCUIT_NAME))
        .isEqualTo("http:127.0.0.1:" + upstream.port());

    // and the next call is rejected: no client span, the state at rejection recorded
    exporter.reset();
    List<SpanData> rejected = call(port, "/front/status_500");
    SpanData rejectedGuard = only(rejected, SpanKind.INTERNAL, s -> true);
    assertThat(rejected).noneMatch(s -> s.getKind() == SpanKind.CLIENT);
    assertThat(rejectedGuard.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("rejected");
    assertThat(rejectedGuard.getAttributes().get(FuseboxAttributes.CIRCUIT_STATE)).isEqualTo("open");
    assertThat(rejectedGuard.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  private static EventData event(SpanData span, String name) {
    return span.getEvents().stream().filter(e -> e.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no event " + name + " in " + span.getEvents()));
  }
}
