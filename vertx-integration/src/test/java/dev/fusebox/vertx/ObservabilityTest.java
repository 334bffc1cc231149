package dev.fusebox.vertx;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import dev.fusebox.vertx.telemetry.FuseboxTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.junit5.VertxExtension;
import java.util.Collection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One call makes a registry, and every guard and breaker it holds, traced, measured and health-checked. */
@ExtendWith(VertxExtension.class)
class ObservabilityTest {

  @Test
  void one_install_covers_guards_built_before_and_after_it_and_their_breakers(Vertx vertx) {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
        .build();
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    // given a guard built before observability is installed, and one after
    Guard<String> early = registry.guard(vertx, "early", g -> g.circuitBreaker(cb -> { }));
    HealthChecks checks = HealthChecks.create(vertx);
    Subscription installed = FuseboxTelemetry.install(registry, otel, checks);
    CircuitBreaker shared = CircuitBreaker.ofDefaults("shared");
    Guard<String> late = registry.guard(vertx, "late", g -> g.circuitBreaker(shared));
    // when both are called
    result(call(vertx.getOrCreateContext(), () -> early.execute(() -> Future.succeededFuture("a"))));
    result(call(vertx.getOrCreateContext(), () -> late.execute(() -> Future.succeededFuture("b"))));
    // then both calls are traced and measured, both breakers counted and health-checked
    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName)
        .containsExactlyInAnyOrder("fusebox early", "fusebox late");
    Collection<MetricData> data = metrics.collectAllMetrics();
    assertThat(data).filteredOn(m -> m.getName().equals(FuseboxAttributes.CALL_DURATION)).singleElement()
        .satisfies(m -> assertThat(m.getHistogramData().getPoints()).hasSize(2));
    assertThat(data).filteredOn(m -> m.getName().equals(FuseboxAttributes.BREAKER_REQUESTS)).singleElement()
        .satisfies(m -> assertThat(m.getLongSumData().getPoints()).hasSize(2));
    assertThat(registry.breakers()).extracting(CircuitBreaker::name).containsExactly("early", "shared");
    assertThat(result(checks.checkStatus()).getUp()).isTrue();
    // and closing the installation stops tracing
    installed.close();
    spans.reset();
    result(call(vertx.getOrCreateContext(), () -> late.execute(() -> Future.succeededFuture("c"))));
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    otel.close();
  }
}
