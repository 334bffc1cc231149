package dev.fusebox.vertx.telemetry;

import dev.fusebox.Subscription;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.health.BreakerHealthCheck;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.ext.healthchecks.HealthChecks;

/**
 * Observability in one call: makes a registry — every guard and breaker it holds, those created later included —
 * traced ({@link FuseboxTracing}), measured ({@link FuseboxMetrics}) and, when given health checks, health-checked
 * ({@link BreakerHealthCheck}).
 *
 * <pre>{@code
 * CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
 * Subscription observing = FuseboxTelemetry.install(registry, openTelemetry, healthChecks);
 * GuardedWebClient users = GuardedWebClient.builder(vertx, webClient).registry(registry).template(...).build();
 * }</pre>
 *
 * <p>Thread-safe: stateless.
 */
public final class FuseboxTelemetry {

  private FuseboxTelemetry() {
  }

  /**
   * Installs tracing and metrics from {@code openTelemetry} on {@code registry}, and registers the breakers' health
   * procedure in {@code healthChecks} when it is not null. Closing the subscription stops tracing and metrics (the
   * health procedure stays registered: unregister it by name, {@link BreakerHealthCheck#DEFAULT_PROCEDURE}).
   */
  public static Subscription install(CircuitBreakerRegistry registry, OpenTelemetry openTelemetry,
      HealthChecks healthChecks) {
    Require.nonNull(registry, "registry");
    Require.nonNull(openTelemetry, "openTelemetry");
    FuseboxMetrics metrics = FuseboxMetrics.create(openTelemetry);
    Subscription tracing = registry.observe(FuseboxTracing.create(openTelemetry));
    Subscription measuring = registry.observe(metrics);
    Subscription breakers = metrics.bind(registry);
    if (healthChecks != null) {
      BreakerHealthCheck.of(registry).registerIn(healthChecks);
    }
    return () -> {
      tracing.close();
      measuring.close();
      breakers.close();
      metrics.close();
    };
  }
}
