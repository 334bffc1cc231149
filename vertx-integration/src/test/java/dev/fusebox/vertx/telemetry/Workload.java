package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One workload for every metrics test, on a manual clock, through guards built by a registry (so whatever is
 * installed on it sees them): "users" succeeds twice; "payments" fails four attempts (two calls, each retried once),
 * which opens its breaker, and a third call is rejected; on "slow" one call holds the bulkhead until its 1 s timeout
 * expires while a second, refused by the bulkhead, falls back.
 */
final class Workload {

  private Workload() {
  }

  static void run(Vertx vertx, ManualClock clock, CircuitBreakerRegistry registry) {
    Context context = vertx.getOrCreateContext();
    Guard<String> users = registry.guard(vertx, "users", g -> g.clock(clock)
        .circuitBreaker(cb -> cb.minimumCalls(4).countWindow(4).failureRate(0.5)));
    Guard<String> payments = registry.guard(vertx, "payments", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO))
        .circuitBreaker(cb -> cb.minimumCalls(4).countWindow(4).failureRate(0.5)));
    Guard<String> slow = registry.guard(vertx, "slow", g -> g.clock(clock)
        .bulkhead(b -> b.maxConcurrentCalls(1))
        .timeout(Duration.ofSeconds(1)));
    for (int i = 0; i < 2; i++) {
      assertThat(result(call(context, () -> users.execute(() -> Future.succeededFuture("ok"))))).isEqualTo("ok");
    }
    for (int i = 0; i < 2; i++) {
      failure(call(context, () -> payments.execute(() -> Future.failedFuture(new IllegalStateException("503")))));
    }
    failure(call(context, () -> payments.execute(() -> Future.succeededFuture("never runs"))));
    Promise<String> never = Promise.promise();
    Future<String> hung = call(context, () -> slow.execute(never::future));
    assertThat(result(call(context, () -> slow.execute(never::future, failure -> Future.succeededFuture("fb")))))
        .isEqualTo("fb");
    on(context, () -> clock.advance(Duration.ofSeconds(1)));
    failure(hung);
  }
}
