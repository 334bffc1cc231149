package dev.fusebox.circuitbreaker;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class InFlightSlowCallTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void hanging_calls_open_a_breaker_without_a_timeout_at_the_slow_call_duration(Vertx vertx) {
    // given a breaker that counts in-flight slow calls, and an operation that hangs
    CircuitBreaker breaker = CircuitBreaker.of("hangs", cb -> cb.countWindow(10).minimumCalls(3)
        .slowCallDuration(ofMillis(100)).slowCallRate(0.5).countInFlightSlowCalls(true));
    Guard<String> guard = Guard.of(vertx, "hangs", g -> g.clock(clock).circuitBreaker(breaker));
    OnContext loop = OnContext.eventLoop(vertx);
    List<Promise<String>> hung = new ArrayList<>();

    // when three calls hang
    loop.run(() -> {
      for (int i = 0; i < 3; i++) {
        Promise<String> p = Promise.promise();
        hung.add(p);
        guard.execute(p::future);
      }
    });
    clock.advance(ofMillis(99));
    loop.settle();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    clock.advance(ofMillis(1));
    loop.settle();

    // then the breaker opened at the threshold, while the calls still run
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.metrics().slowCalls()).isEqualTo(3);
    Future<String> rejected = loop.call(() -> guard.execute(() -> Future.succeededFuture("x")));
    assertThat(rejected.cause()).isInstanceOf(CircuitOpenException.class);

    // and late completions are not counted a second time
    loop.run(() -> hung.forEach(p -> p.fail(new IOException("late"))));
    loop.settle();
    assertThat(breaker.metrics().calls()).isEqualTo(3);
    assertThat(breaker.metrics().failedCalls()).isZero();
  }

  @Test
  void a_call_completing_before_the_threshold_cancels_its_timer_and_counts_its_real_outcome(Vertx vertx) {
    CircuitBreaker breaker = CircuitBreaker.of("fast", cb -> cb.countWindow(10).minimumCalls(1)
        .slowCallDuration(ofMillis(100)).countInFlightSlowCalls(true));
    Guard<String> guard = Guard.of(vertx, "fast", g -> g.clock(clock).circuitBreaker(breaker));
    OnContext loop = OnContext.eventLoop(vertx);
    Promise<String> pending = loop.call(Promise::promise);

    loop.run(() -> guard.execute(pending::future));
    assertThat(clock.pendingTimers()).isEqualTo(1);
    clock.advance(ofMillis(50));
    loop.run(() -> pending.complete("ok"));
    loop.settle();

    assertThat(clock.pendingTimers()).isZero();
    assertThat(breaker.metrics().calls()).isEqualTo(1);
    assertThat(breaker.metrics().slowCalls()).isZero();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void calls_that_complete_at_once_schedule_no_timer(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "sync", g -> g.clock(clock)
        .circuitBreaker(cb -> cb.slowCallDuration(ofMillis(100)).countInFlightSlowCalls(true)));
    OnContext.eventLoop(vertx).call(() -> guard.execute(() -> Future.succeededFuture("x")));
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void the_option_needs_a_slow_call_duration_and_reads_from_json() {
    assertThatThrownBy(() -> CircuitBreaker.of("x", cb -> cb.countInFlightSlowCalls(true)))
        .isInstanceOf(ValidationException.class)
        .hasMessage("countInFlightSlowCalls requires slowCallDuration, was true");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject()
        .put("circuitBreaker", new JsonObject().put("countInFlightSlowCalls", "yes")), ""))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("circuitBreaker.countInFlightSlowCalls must be true or false");
    GuardConfig.parse(new JsonObject().put("circuitBreaker", new JsonObject()
        .put("slowCallDuration", "200ms").put("countInFlightSlowCalls", true)), "");
  }
}
