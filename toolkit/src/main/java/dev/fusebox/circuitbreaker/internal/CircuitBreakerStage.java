package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.internal.AttemptScope;
import dev.fusebox.internal.Execution;
import dev.fusebox.internal.Stage;
import dev.fusebox.spi.ExecutionObserver;
import io.vertx.core.Future;

/**
 * A circuit breaker inside a guard: asks for a permit, runs the inner stages, records the outcome. When the inner
 * future is already complete (a cache hit, a rejection further in) nothing is allocated.
 *
 * <p>Thread-safe: stateless apart from the shared breaker.
 */
public final class CircuitBreakerStage extends Stage {

  private final CircuitBreakerImpl breaker;

  public CircuitBreakerStage(CircuitBreakerImpl breaker, Stage next) {
    super(next);
    this.breaker = breaker;
  }

  @Override
  public Object policy() {
    return breaker;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    ExecutionObserver observer = execution.observer;
    Object admission = breaker.acquire(observer);
    if (admission instanceof Rejection rejection) {
      return rejection.failedFuture();
    }
    Permit permit = (Permit) admission;
    if (observer != ExecutionObserver.NOOP) {
      observer.onAdmitted(breaker.name(), permit.admittedIn());
    }
    long start = breaker.startTime();
    Future<T> result = next.run(execution, scope);
    if (result.isComplete()) {
      breaker.onComplete(permit, start, result.cause(), result.result(), observer);
    } else {
      result.onComplete((value, failure) -> breaker.onComplete(permit, start, failure, value, observer));
    }
    return result;
  }
}
