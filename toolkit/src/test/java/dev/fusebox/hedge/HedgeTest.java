package dev.fusebox.hedge;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class HedgeTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void starts_a_hedge_exactly_at_the_delay_returns_the_winner_and_cancels_the_loser(Vertx vertx) {
    // given a hedge after 50 ms, and an operation whose first attempt hangs
    Hedge hedge = Hedge.of("users", h -> h.maxHedgedAttempts(2).delay(ofMillis(50)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).hedge(hedge));
    OnContext loop = OnContext.eventLoop(vertx);
    List<Promise<String>> attempts = new CopyOnWriteArrayList<>();
    List<Integer> cancelled = new CopyOnWriteArrayList<>();

    // when
    Future<String> result = loop.call(() -> guard.executeAttempt(attempt -> {
      attempt.onCancel(() -> cancelled.add(attempt.number()));
      Promise<String> p = Promise.promise();
      attempts.add(p);
      return p.future();
    }));
    clock.advance(ofMillis(49));
    loop.settle();
    assertThat(attempts).hasSize(1);
    clock.advance(ofMillis(1));
    loop.settle();
    assertThat(attempts).as("the hedge started at exactly 50 ms").hasSize(2);
    loop.run(() -> attempts.get(1).complete("from the hedge"));
    loop.settle();

    // then
    assertThat(result.result()).isEqualTo("from the hedge");
    assertThat(cancelled).containsExactly(1);
    assertThat(clock.pendingTimers()).as("the next hedge's timer was called off").isZero();
    assertThat(hedge.metrics()).isEqualTo(new HedgeMetrics(1, 1, 1, 1, 0));
  }

  @Test
  void a_fast_first_attempt_starts_no_hedge(Vertx vertx) {
    Hedge hedge = Hedge.of("fast", h -> h.delay(ofMillis(50)));
    Guard<String> guard = Guard.of(vertx, "fast", g -> g.clock(clock).hedge(hedge));
    OnContext loop = OnContext.eventLoop(vertx);
    assertThat(loop.call(() -> guard.execute(() -> Future.succeededFuture("ok"))).result()).isEqualTo("ok");
    assertThat(clock.pendingTimers()).isZero();
    assertThat(hedge.metrics().hedges()).isZero();
  }

  @Test
  void a_failure_is_waited_past_and_the_last_outcome_is_returned_when_every_attempt_failed(Vertx vertx) {
    Hedge hedge = Hedge.of("down", h -> h.maxHedgedAttempts(1).delay(ofMillis(10)));
    Guard<String> guard = Guard.of(vertx, "down", g -> g.clock(clock).hedge(hedge));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger n = new AtomicInteger();
    Future<String> result = loop.call(() -> guard.execute(() ->
        Future.failedFuture(new IOException("failure " + n.incrementAndGet()))));
    assertThat(result.isComplete()).isFalse();
    clock.advance(ofMillis(10));
    loop.settle();
    assertThat(result.cause()).hasMessage("failure 2");
  }

  @Test
  void the_budget_caps_hedges_under_10000_slow_calls(Vertx vertx) {
    // given a budget of 10 % of calls plus 1 per second, and 10,000 calls that never answer
    Hedge hedge = Hedge.of("slow", h -> h.delay(ofMillis(50)).budget(0.1, 1));
    Guard<String> guard = Guard.of(vertx, "slow", g -> g.clock(clock).hedge(hedge));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger started = new AtomicInteger();
    loop.run(() -> {
      for (int i = 0; i < 10_000; i++) {
        guard.execute(() -> {
          started.incrementAndGet();
          return Promise.<String>promise().future();
        });
      }
    });

    // when every hedge timer fires
    clock.advance(ofMillis(50));
    loop.settle();

    // then at most 10 % + 10 (1/s over the 10 s window) hedges started
    assertThat(hedge.metrics().hedges()).isEqualTo(1010);
    assertThat(started.get()).isEqualTo(11_010);
    assertThat(hedge.metrics().budgetExhausted()).isEqualTo(8990);
  }

  @Test
  void validates_its_settings() {
    assertThatThrownBy(() -> Hedge.of("x", h -> h.maxHedgedAttempts(0)))
        .isInstanceOf(ValidationException.class).hasMessage("maxHedgedAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> Hedge.of("x", h -> h.delay(ofMillis(0))))
        .isInstanceOf(ValidationException.class).hasMessage("delay must be >= 1ms, was 0ms");
  }

  @Test
  void a_reload_keeps_the_hedge_budget_window_and_counters(Vertx vertx) {
    // given a guard's own hedge whose budget has seen 20 calls (10 %: 2 hedges)
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .hedge(h -> h.delay(ofMillis(50)).budget(0.1, 0)));
    OnContext loop = OnContext.eventLoop(vertx);
    for (int i = 0; i < 20; i++) {
      loop.call(() -> guard.execute(() -> Future.succeededFuture("fast")));
    }

    // when its delay is reconfigured
    guard.reconfigure(g -> g.hedge(h -> h.delay(ofMillis(60)).budget(0.1, 0)));

    // then a slow call is hedged at the new delay: the budget kept its window (a fresh one would grant nothing)
    AtomicInteger attempts = new AtomicInteger();
    loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Promise.<String>promise().future();
    }));
    clock.advance(ofMillis(60));
    loop.settle();
    assertThat(attempts).hasValue(2);
    Hedge hedge = (Hedge) guard.policies().get(0);
    assertThat(hedge.metrics().calls()).isEqualTo(21);
    assertThat(hedge.metrics().hedges()).isEqualTo(1);
  }
}
