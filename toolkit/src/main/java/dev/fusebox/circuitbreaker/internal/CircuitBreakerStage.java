package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;

/**
 * A circuit breaker inside a guard: asks for a permit, runs the inner stages, records the outcome. When the inner
 * future is already complete (a cache hit, a rejection further in) nothing is allocated.
 *
 * <p>Thread-safe: stateless apart from the shared breaker.
 */
final class CircuitBreakerStage implements Stage {

  private final CircuitBreakerImpl breaker;
  private final Telemetry telemetry;
  private final Stage next;

  CircuitBreakerStage(CircuitBreakerImpl breaker, Telemetry telemetry, Stage next) {
    this.breaker = breaker;
    this.telemetry = telemetry;
    this.next = next;
  }

  @Override
  public Object policy() {
    return breaker;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    Object admission = breaker.acquire(telemetry, execution);
    if (admission instanceof Rejection rejection) {
      return execution.reject(rejection.exception());
    }
    Permit permit = (Permit) admission;
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, new CircuitBreakerEvent.Admitted(breaker.name(), permit.admittedIn()));
    }
    boolean timed = breaker.timesCalls();
    long start = timed ? breaker.now() : 0;
    Future<T> result = next.run(execution, scope);
    if (result.isComplete()) {
      breaker.onComplete(permit, timed, start, result.cause(), result.result(), telemetry, execution);
    } else if (breaker.countsInFlightSlowCalls()) {
      InFlightCall<T> call = new InFlightCall<>(breaker, permit, start, telemetry, execution);
      call.timer = breaker.clock().schedule(execution.context(), breaker.slowCallDuration(), call);
      result.onComplete(call);
    } else {
      result.onComplete((value, failure) ->
          breaker.onComplete(permit, timed, start, failure, value, telemetry, execution));
    }
    return result;
  }
}
