package dev.fusebox.vertx;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.vertx.client.GuardedWebClient;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.vertx.telemetry.FuseboxTelemetry;
import dev.fusebox.vertx.testing.Upstream;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.client.WebClient;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The wiring shown in notes/README-integration.md, compiled and run, so the README cannot rot. */
class ReadmeExampleTest {

  @Test
  void the_readme_wiring_compiles_and_guards_calls() {
    // the README reads OTEL_* variables with AutoConfiguredOpenTelemetrySdk.initialize(); here nothing is exported
    OpenTelemetrySdk otel = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of("otel.traces.exporter", "none", "otel.metrics.exporter", "none",
            "otel.logs.exporter", "none"))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    Vertx vertx = Vertx.builder().withTracer(new OpenTelemetryTracingFactory(otel)).build();
    try {
      Upstream upstream = result(Upstream.start(vertx));
      // one registry, observed in one call: every guard built through it is traced, measured, health-checked
      CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
      HealthChecks checks = HealthChecks.create(vertx);
      FuseboxTelemetry.install(registry, otel, checks);

      GuardedWebClient users = GuardedWebClient.builder(vertx, WebClient.create(vertx))
          .registry(registry)
          .template(g -> g
              .retry(r -> r.maxAttempts(3).exponentialBackoff(ofMillis(50), ofSeconds(1)).jitter(0.5))
              .circuitBreaker(cb -> cb.failureRate(0.5).minimumCalls(20).openFor(ofSeconds(30)))
              .timeout(ofMillis(800)))
          .build();

      GuardConfig config = GuardConfig.parse(new JsonObject()
          .put("timeout", "800ms")
          .put("circuitBreaker", new JsonObject().put("failureRate", 0.5).put("minimumCalls", 20)), "userApi.guard");
      GuardedWebClient fromJson = GuardedWebClient.builder(vertx, WebClient.create(vertx))
          .name("user-api").registry(registry).template(config::applyTo).build();

      assertThat(result(call(vertx.getOrCreateContext(),
          () -> users.send(users.webClient().get(upstream.port(), "127.0.0.1", "/users/42")))).bodyAsJsonObject()
          .getString("name")).isEqualTo("user 42");
      assertThat(result(call(vertx.getOrCreateContext(),
          () -> fromJson.send(fromJson.webClient().get(upstream.port(), "127.0.0.1", "/ok")))).statusCode())
          .isEqualTo(200);
      assertThat(fromJson.breakers()).extracting(b -> b.name())
          .containsExactly("user-api:127.0.0.1:" + upstream.port());
      assertThat(result(checks.checkStatus()).getUp()).isTrue();
    } finally {
      result(vertx.close());
      otel.close();
    }
  }
}
