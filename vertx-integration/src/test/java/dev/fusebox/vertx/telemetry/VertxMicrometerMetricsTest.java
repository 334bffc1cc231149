package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.Subscription;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * With vertx-micrometer-metrics, Fusebox's series land in the registry Vert.x fills — one scrape serves
 * {@code vertx_*} and {@code circuit_breaker_*} side by side.
 */
class VertxMicrometerMetricsTest {

  private Vertx vertx;

  @AfterEach
  void tearDown() throws Exception {
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void fusebox_series_share_the_scrape_of_vertx_micrometer_metrics() {
    // given Vert.x with Micrometer metrics on a Prometheus backend
    // README-MICROMETER-BEGIN
    // Vert.x's own metrics in a Prometheus registry (vertx-micrometer-metrics)
    MicrometerMetricsOptions options = new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setEnabled(true);
    vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(options))
        .withMetrics(new MicrometerMetricsFactory()).build();

    // Fusebox's in the same registry: every guard and breaker of the registry, those built later too
    MeterRegistry meters = BackendRegistries.getDefaultNow();
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    Subscription measuring = FuseboxMicrometer.install(registry, meters);
    // README-MICROMETER-END
    assertThat(meters).isInstanceOf(PrometheusMeterRegistry.class);
    Context context = vertx.getOrCreateContext();
    Guard<String> users = registry.guard(vertx, "users", g -> g.clock(new ManualClock()).circuitBreaker(cb -> { }));

    // when a guarded call runs and a Vert.x client makes an HTTP request Vert.x measures
    result(call(context, () -> users.execute(() -> Future.succeededFuture("ok"))));
    WebClient client = WebClient.create(vertx);
    failure(call(context, () -> client.get(1, "127.0.0.1", "/").send()));
    String scrape = ((PrometheusMeterRegistry) meters).scrape();

    // then both are in one scrape
    assertThat(scrape).contains("vertx_");
    assertThat(value(scrape, "circuit_breaker_state", "name=\"users\"", "state=\"closed\"")).isEqualTo(1.0);
    assertThat(value(scrape, "circuit_breaker_requests_total", "name=\"users\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"users\"",
        "fusebox_outcome=\"success\"")).isEqualTo(1.0);
    measuring.close();
    assertThat(((PrometheusMeterRegistry) meters).scrape()).contains("vertx_").doesNotContain("circuit_breaker_");
    client.close();
  }
}
