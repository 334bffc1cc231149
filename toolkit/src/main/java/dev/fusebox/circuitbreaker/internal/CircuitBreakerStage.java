package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.ValidationException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.internal.LeavesExecution;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;

/**
 * A circuit breaker inside a guard: asks for a permit, runs the inner stages, records the outcome. When the inner
 * future is already complete (a cache hit, a rejection further in) nothing is allocated, and nothing keeps the
 * execution ({@link LeavesExecution}): a listener or an in-flight timer holds it only while the inner future runs.
 *
 * <p>Thread-safe: stateless apart from the shared breaker.
 */
final class CircuitBreakerStage implements Stage, Reconfigurable, LeavesExecution {

  private final CircuitBreakerImpl breaker;
  private final Telemetry telemetry;
  private final Stage next;
  /** Whether the guard created the breaker for itself (from settings), rather than sharing one passed in. */
  private final boolean owned;

  CircuitBreakerStage(CircuitBreakerImpl breaker, Telemetry telemetry, Stage next, boolean owned) {
    this.breaker = breaker;
    this.telemetry = telemetry;
    this.next = next;
    this.owned = owned;
  }

  /**
   * A guard's own breaker takes new settings ({@code cb -> ...} or JSON) in place; a shared breaker passed in stays
   * as it is, and must be passed again (its settings belong to every guard sharing it).
   */
  @Override
  public Policy reconfigure(Policy replacement) {
    if (replacement == breaker) {
      return new CarryOver(breaker, null, false);
    }
    if (owned && replacement instanceof CircuitBreakerTemplate template) {
      return new CarryOver(breaker, breaker.prepare(template.config()), true);
    }
    String was = owned ? "settings of the guard's own breaker" : "the shared breaker '" + breaker.name() + "'";
    String now = replacement instanceof CircuitBreakerTemplate ? "settings (cb -> ...)"
        : replacement instanceof CircuitBreakerImpl other ? "the breaker '" + other.name() + "'"
        : replacement.getClass().getName();
    throw new ValidationException("breaker", "must stay " + was + " at a reload, so its state is kept (a shared"
        + " breaker is reconfigured once, for all its guards)", now);
  }

  /** Builds the successor stage on the same breaker, applying the new settings first when there are any. */
  private record CarryOver(CircuitBreakerImpl breaker, CircuitBreakerConfig settings, boolean owned)
      implements Policy {
    @Override
    public String kind() {
      return breaker.kind();
    }

    @Override
    public Stage createStage(PolicyContext context, Stage next) {
      if (settings != null) {
        breaker.apply(settings);
      }
      return breaker.stage(context, next, owned);
    }
  }

  @Override
  public Object policy() {
    return breaker;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    Object admission = breaker.acquire(telemetry, execution);
    if (admission instanceof CircuitOpenException rejection) {
      return execution.reject(rejection);
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
