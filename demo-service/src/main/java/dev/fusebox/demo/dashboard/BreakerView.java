package dev.fusebox.demo.dashboard;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerMetrics;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Collection;
import java.util.Comparator;

/**
 * The JSON read-out of circuit breakers served by {@code GET /breakers} and pushed to the dashboard.
 *
 * <p>Thread-safe: stateless.
 */
public final class BreakerView {

  private BreakerView() {
  }

  /**
   * One breaker: {@code {"name", "state", "failureRate", "slowCallRate", "calls", "failedCalls", "slowCalls",
   * "rejectedCalls"}}, rates as fractions in [0, 1]. {@code state} is the Java name ({@code HALF_OPEN}), the
   * vocabulary of this JSON surface; telemetry (Prometheus labels, span attributes) uses
   * {@link dev.fusebox.circuitbreaker.CircuitState#label()} ({@code half_open}) throughout.
   */
  public static JsonObject toJson(CircuitBreaker breaker) {
    CircuitBreakerMetrics m = breaker.metrics();
    return new JsonObject()
        .put("name", breaker.name())
        .put("state", m.state().name())
        .put("failureRate", m.failureRate())
        .put("slowCallRate", m.slowCallRate())
        .put("calls", m.calls())
        .put("failedCalls", m.failedCalls())
        .put("slowCalls", m.slowCalls())
        .put("rejectedCalls", m.rejectedCalls());
  }

  /** All breakers, sorted by name. */
  public static JsonArray toJson(Collection<? extends CircuitBreaker> breakers) {
    JsonArray out = new JsonArray();
    breakers.stream().sorted(Comparator.comparing(CircuitBreaker::name)).forEach(b -> out.add(toJson(b)));
    return out;
  }
}
