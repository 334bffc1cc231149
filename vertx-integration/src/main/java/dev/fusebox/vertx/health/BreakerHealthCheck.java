package dev.fusebox.vertx.health;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerMetrics;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

/**
 * A vertx-health-check procedure reporting every breaker of a {@link CircuitBreakerRegistry}: its state, failure
 * and slow-call rates and counts.
 *
 * <pre>{@code
 * HealthChecks checks = HealthChecks.create(vertx);
 * BreakerHealthCheck.of(registry).registerIn(checks);            // procedure "circuit-breakers"
 * router.get("/health/breakers").handler(HealthCheckHandler.createWithHealthChecks(checks));
 * }</pre>
 *
 * <p>The data, under {@code breakers}, is one object per breaker name:
 * {@code {"state":"open","failureRate":0.8,"slowCallRate":0.0,"calls":20,"failedCalls":16,"slowCalls":0,
 * "rejectedCalls":42}}. By default the procedure is always up — an open breaker is the breaker doing its job, and
 * a service that degrades gracefully should not be restarted or taken out of rotation for it. With
 * {@link #downWhenOpen()} it reports down while any breaker is {@code OPEN} or {@code FORCED_OPEN}, for dashboards
 * that want the health status to carry it.
 *
 * <p>Immutable and thread-safe.
 */
public final class BreakerHealthCheck implements Handler<Promise<Status>> {

  /** The procedure name {@link #registerIn(HealthChecks)} uses. */
  public static final String DEFAULT_PROCEDURE = "circuit-breakers";

  private final CircuitBreakerRegistry registry;
  private final boolean downWhenOpen;

  private BreakerHealthCheck(CircuitBreakerRegistry registry, boolean downWhenOpen) {
    this.registry = registry;
    this.downWhenOpen = downWhenOpen;
  }

  /** Reports the breakers of {@code registry}, always up. */
  public static BreakerHealthCheck of(CircuitBreakerRegistry registry) {
    return new BreakerHealthCheck(Require.nonNull(registry, "registry"), false);
  }

  /** A copy that reports down while any breaker is open or forced open. */
  public BreakerHealthCheck downWhenOpen() {
    return new BreakerHealthCheck(registry, true);
  }

  /** Registers this procedure in {@code checks} as {@value #DEFAULT_PROCEDURE}. */
  public HealthChecks registerIn(HealthChecks checks) {
    return registerIn(checks, DEFAULT_PROCEDURE);
  }

  /** Registers this procedure in {@code checks} under {@code procedureName}. */
  public HealthChecks registerIn(HealthChecks checks, String procedureName) {
    return Require.nonNull(checks, "checks").register(Require.name(procedureName, "procedureName"), this);
  }

  @Override
  public void handle(Promise<Status> promise) {
    promise.complete(status());
  }

  /** The status now. */
  public Status status() {
    JsonObject breakers = new JsonObject();
    boolean anyOpen = false;
    for (CircuitBreaker breaker : registry.breakers()) {
      CircuitBreakerMetrics m = breaker.metrics();
      anyOpen |= m.state() == CircuitState.OPEN || m.state() == CircuitState.FORCED_OPEN;
      breakers.put(breaker.name(), new JsonObject()
          .put("state", m.state().label())
          .put("failureRate", m.failureRate())
          .put("slowCallRate", m.slowCallRate())
          .put("calls", m.calls())
          .put("failedCalls", m.failedCalls())
          .put("slowCalls", m.slowCalls())
          .put("rejectedCalls", m.rejectedCalls()));
    }
    JsonObject data = new JsonObject().put("breakers", breakers);
    return downWhenOpen && anyOpen ? Status.KO(data) : Status.OK(data);
  }
}
