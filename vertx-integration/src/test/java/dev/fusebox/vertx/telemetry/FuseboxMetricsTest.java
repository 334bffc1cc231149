package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.vertx.core.Future;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FuseboxMetricsTest {

  private final InMemoryMetricReader reader = InMemoryMetricReader.create();
  private final SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(reader).build();
  private final FuseboxMetrics metrics = FuseboxMetrics.create(meterProvider.get("test"));

  /** The long points of {@code metric}, keyed by their attributes. */
  private static Map<Attributes, Long> points(Collection<MetricData> data, String metric) {
    return data.stream().filter(m -> m.getName().equals(metric))
        .flatMap(m -> m.getType() == io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_GAUGE
            ? m.getLongGaugeData().getPoints().stream()
            : m.getLongSumData().getPoints().stream())
        .collect(Collectors.toMap(LongPointData::getAttributes, LongPointData::getValue));
  }

  private static Attributes name(String name) {
    return Attributes.of(FuseboxAttributes.NAME, name);
  }

  @Test
  void a_registry_binding_covers_breakers_registered_later_and_counts_each_event_once() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    metrics.bind(registry);
    CircuitBreaker late = CircuitBreaker.of("late", cb -> cb.minimumCalls(2).countWindow(2)
        .ignore(IllegalArgumentException.class));
    registry.register(late);
    metrics.bind(late); // binding the same breaker again changes nothing
    result(late.execute(() -> Future.succeededFuture("ok")));
    late.execute(() -> Future.failedFuture(new IllegalArgumentException("ignored by the breaker")));
    late.execute(() -> Future.failedFuture(new IllegalStateException("failure")));

    Collection<MetricData> data = reader.collectAllMetrics();
    assertThat(points(data, FuseboxAttributes.BREAKER_REQUESTS)).containsEntry(name("late"), 2L);
    assertThat(points(data, FuseboxAttributes.BREAKER_FAILURES)).containsEntry(name("late"), 1L);
    assertThat(points(data, FuseboxAttributes.BREAKER_STATE))
        .containsEntry(Attributes.of(FuseboxAttributes.NAME, "late", FuseboxAttributes.STATE, "open"), 1L)
        .containsEntry(Attributes.of(FuseboxAttributes.NAME, "late", FuseboxAttributes.STATE, "closed"), 0L);
    assertThat(points(data, FuseboxAttributes.BREAKER_TRANSITIONS)).containsEntry(Attributes.of(
        FuseboxAttributes.NAME, "late", FuseboxAttributes.FROM, "closed", FuseboxAttributes.TO, "open"), 1L);
  }

  @Test
  void an_unbound_breaker_leaves_the_state_gauge_and_stops_counting() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("temporary");
    Subscription binding = metrics.bind(breaker);
    result(breaker.execute(() -> Future.succeededFuture("ok")));
    assertThat(points(reader.collectAllMetrics(), FuseboxAttributes.BREAKER_STATE)).hasSize(5);
    binding.close();
    result(breaker.execute(() -> Future.succeededFuture("ok")));
    Collection<MetricData> data = reader.collectAllMetrics();
    assertThat(points(data, FuseboxAttributes.BREAKER_STATE)).isEmpty();
    assertThat(points(data, FuseboxAttributes.BREAKER_REQUESTS)).containsEntry(name("temporary"), 1L);
  }

  @Test
  void a_rejection_is_counted_with_the_state_that_refused_it() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("maintenance");
    metrics.bind(breaker);
    breaker.forceOpen();
    breaker.execute(() -> Future.succeededFuture("never"));
    assertThat(points(reader.collectAllMetrics(), FuseboxAttributes.BREAKER_REJECTIONS)).containsEntry(
        Attributes.of(FuseboxAttributes.NAME, "maintenance", FuseboxAttributes.STATE, "forced_open"), 1L);
  }
}
