package com.example.killswitch;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.spi.Policy;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import dev.fusebox.vertx.telemetry.FuseboxMetrics;
import dev.fusebox.vertx.telemetry.FuseboxTracing;
import dev.fusebox.vertx.web.GuardedHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The proof that the SPI is the whole extension point: {@link KillSwitch} — four files in this package and one
 * service file, nothing else — composes in both DSL styles and in any position, is configured from JSON with
 * path-naming errors, is traced and counted by the unchanged {@code fusebox-vertx}, and maps to an HTTP status in
 * {@link GuardedHandler}.
 */
@ExtendWith(VertxExtension.class)
class KillSwitchPolicyTest {

  @Test
  void composes_in_both_styles_and_in_any_position(Vertx vertx) {
    KillSwitch outermost = KillSwitch.of("payments", ofSeconds(5));
    KillSwitch innermost = KillSwitch.of("payments-inner", ofSeconds(5));
    Guard<String> block = Guard.of(vertx, "block", g -> g.with(outermost)
        .retry(r -> r.maxAttempts(3)).circuitBreaker(cb -> cb.minimumCalls(2).countWindow(2)));
    Guard<String> chain = Guard.<String>builder(vertx, "chain")
        .retry(r -> r.maxAttempts(3).retryOnRejection(true).fixedBackoff(java.time.Duration.ZERO))
        .circuitBreaker(cb -> cb.minimumCalls(100))
        .with(innermost)
        .build();
    assertThat(block.composition()).extracting(Policy::kind).containsExactly("killSwitch", "retry", "circuitBreaker");
    assertThat(chain.composition()).extracting(Policy::kind).containsExactly("retry", "circuitBreaker", "killSwitch");

    AtomicInteger ran = new AtomicInteger();
    outermost.engage();
    innermost.engage();
    assertThat(failure(call(vertx.getOrCreateContext(), () -> block.execute(() -> {
      ran.incrementAndGet();
      return Future.succeededFuture("x");
    })))).isInstanceOf(KillSwitchRejectedException.class).hasMessage("kill switch 'payments' is engaged");
    // innermost, each attempt of the retry meets it: three attempts, then the rejection reaches the caller
    assertThat(failure(call(vertx.getOrCreateContext(), () -> chain.execute(() -> {
      ran.incrementAndGet();
      return Future.succeededFuture("x");
    })))).isInstanceOf(KillSwitchRejectedException.class);
    assertThat(ran).hasValue(0);

    outermost.release();
    assertThat(result(call(vertx.getOrCreateContext(), () -> block.execute(() -> Future.succeededFuture("ok")))))
        .isEqualTo("ok");
  }

  @Test
  void is_configured_from_json_beside_the_built_ins_with_errors_naming_the_path(Vertx vertx) {
    GuardConfig config = GuardConfig.parse(new JsonObject()
        .put("timeout", "1s")
        .put("killSwitch", new JsonObject().put("engaged", true).put("retryAfter", "30s")), "payments.guard");
    assertThat(config.order()).containsExactly("killSwitch", "timeout");
    Guard<String> guard = config.build(vertx, "payments");
    Throwable refused = failure(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture(
        "x"))));
    assertThat(refused).isInstanceOf(KillSwitchRejectedException.class);
    assertThat(((KillSwitchRejectedException) refused).retryAfter()).isEqualTo(ofSeconds(30));

    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject().put("killSwitch",
        new JsonObject().put("engagd", true)), "payments.guard"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("payments.guard.killSwitch.engagd is not a known key; known keys are engaged, retryAfter");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject().put("killSwitch",
        new JsonObject().put("retryAfter", "-1s")), "payments.guard"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("payments.guard.killSwitch.retryAfter must be >= 0ms, was -1s");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject().put("killSwich", new JsonObject()), "payments.guard"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("payments.guard.killSwich is not a known key; known keys are")
        .hasMessageContaining("killSwitch");
  }

  @Test
  void is_traced_and_counted_by_the_unchanged_integration(Vertx vertx) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
    KillSwitch killSwitch = KillSwitch.of("payments", ofSeconds(5));
    killSwitch.engage();
    Guard<String> guard = Guard.of(vertx, "payments", g -> g
        .observer(FuseboxTracing.create(tracerProvider.get("test")))
        .observer(FuseboxMetrics.create(meterProvider.get("test")))
        .with(killSwitch));
    failure(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("x"))));

    SpanData span = spans.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("rejected");
    assertThat(span.getEvents()).extracting(EventData::getName).contains("killswitch.tripped", "fusebox.rejected");
    EventData rejected = span.getEvents().stream().filter(e -> e.getName().equals("fusebox.rejected"))
        .findFirst().orElseThrow();
    assertThat(rejected.getAttributes().get(AttributeKey.stringKey("fusebox.policy.kind"))).isEqualTo("killSwitch");
    assertThat(rejected.getAttributes().get(AttributeKey.longKey("fusebox.retry_after_ms"))).isEqualTo(5000L);

    List<LongPointData> rejections = reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(FuseboxAttributes.REJECTIONS))
        .flatMap(m -> m.getLongSumData().getPoints().stream()).toList();
    assertThat(rejections).singleElement().satisfies(p -> {
      assertThat(p.getValue()).isEqualTo(1L);
      assertThat(p.getAttributes()).isEqualTo(Attributes.of(FuseboxAttributes.GUARD, "payments",
          FuseboxAttributes.POLICY, "payments", FuseboxAttributes.KIND, "killSwitch"));
    });
  }

  @Test
  void maps_to_its_http_status_in_a_guarded_route(Vertx vertx) {
    KillSwitch killSwitch = KillSwitch.of("payments", ofSeconds(5));
    killSwitch.engage();
    Guard<String> guard = Guard.of(vertx, "payments", g -> g.with(killSwitch));
    Router router = Router.router(vertx);
    router.get("/pay").handler(GuardedHandler.of(guard, ctx -> Future.succeededFuture("paid"),
        (ctx, value) -> ctx.end(value)));
    HttpServer server = result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(router).listen());
    WebClient client = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> response = result(client.get(server.actualPort(), "127.0.0.1", "/pay").send());
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(response.getHeader("Retry-After")).isEqualTo("5");
      assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:fusebox:problem:rejected:killSwitch");
      assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("kill switch 'payments' is engaged");
    } finally {
      client.close();
      result(server.close());
    }
  }

  @Test
  void an_operation_failure_still_passes_through_a_released_switch(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "payments", g -> g.with(KillSwitch.of("payments", ofSeconds(1))));
    assertThat(failure(call(vertx.getOrCreateContext(),
        () -> guard.execute(() -> Future.failedFuture(new IOException("down")))))).isInstanceOf(IOException.class);
  }
}
