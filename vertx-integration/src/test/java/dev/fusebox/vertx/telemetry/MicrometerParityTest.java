package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One workload seen by both paths at once — {@link FuseboxMetrics} scraped from the real OpenTelemetry Prometheus
 * exporter over HTTP, {@link FuseboxMicrometer} scraped from a real {@link PrometheusMeterRegistry} — and the two
 * expositions compared: the same series names, the same label keys, the same histogram buckets, the same values.
 */
@ExtendWith(VertxExtension.class)
class MicrometerParityTest {

  /** What only Micrometer's timers add: the largest duration of the last interval, a gauge of its own. */
  static final String MICROMETER_ONLY = "fusebox_call_duration_seconds_max";

  private final ManualClock clock = new ManualClock();
  private PrometheusHttpServer exporter;
  private OpenTelemetrySdk sdk;
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @BeforeEach
  void setUp() {
    exporter = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(0).build();
    sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(exporter).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
    prometheus.close();
  }

  private String otelScrape(Vertx vertx) throws ReflectiveOperationException {
    Method address = PrometheusHttpServer.class.getDeclaredMethod("getAddress");
    address.setAccessible(true);
    int port = ((InetSocketAddress) address.invoke(exporter)).getPort();
    WebClient client = WebClient.create(vertx);
    try {
      return result(client.get(port, "127.0.0.1", "/metrics").send()).bodyAsString();
    } finally {
      client.close();
    }
  }

  @Test
  void both_paths_expose_the_same_series_names_label_keys_buckets_and_values(Vertx vertx) throws Exception {
    // given one registry measured by both paths
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMetrics otel = FuseboxMetrics.create(sdk);
    registry.observe(otel);
    otel.bind(registry);
    FuseboxMicrometer.install(registry, prometheus);
    // when
    Workload.run(vertx, clock, registry);
    Exposition fromOtel = Exposition.parse(otelScrape(vertx)).only("circuit_breaker_", "fusebox_");
    Exposition fromMicrometer = Exposition.parse(prometheus.scrape()).only("circuit_breaker_", "fusebox_");
    // then: the same names and label keys, Micrometer's max gauge aside
    Map<String, Set<String>> micrometerKeys = new TreeMap<>(fromMicrometer.labelKeys());
    assertThat(micrometerKeys.remove(MICROMETER_ONLY)).containsExactly("fusebox_guard", "fusebox_outcome");
    assertThat(micrometerKeys).isEqualTo(fromOtel.labelKeys());
    assertThat(micrometerKeys.keySet()).contains("circuit_breaker_state", "circuit_breaker_requests_total",
        "circuit_breaker_failures_total", "circuit_breaker_rejections_total", "circuit_breaker_transitions_total",
        "fusebox_call_duration_seconds_bucket", "fusebox_call_duration_seconds_count",
        "fusebox_call_duration_seconds_sum", "fusebox_retries_total", "fusebox_timeouts_total",
        "fusebox_fallbacks_total", "fusebox_rejections_total", "fusebox_policy_events_total");
    // the same buckets, spelled the same
    assertThat(fromMicrometer.buckets("fusebox_call_duration_seconds_bucket"))
        .isEqualTo(fromOtel.buckets("fusebox_call_duration_seconds_bucket"))
        .contains("0.001", "1.0", "30.0", "+Inf");
    // and the same values, series by series, except that Micrometer starts a breaker's requests and failures
    // counters at 0 where OpenTelemetry has no series until the first one
    Map<String, Double> micrometerValues = new TreeMap<>(fromMicrometer.values());
    micrometerValues.keySet().removeIf(series -> series.startsWith(MICROMETER_ONLY + "["));
    Map<String, Double> zeroCounters = new TreeMap<>(micrometerValues);
    zeroCounters.keySet().removeAll(fromOtel.values().keySet());
    assertThat(zeroCounters).containsOnlyKeys("circuit_breaker_failures_total[name=users]");
    assertThat(zeroCounters.values()).containsOnly(0.0);
    micrometerValues.keySet().removeAll(zeroCounters.keySet());
    assertThat(micrometerValues).isEqualTo(fromOtel.values());
  }
}
