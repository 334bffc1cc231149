package dev.fusebox.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.RateLimitedException;
import dev.fusebox.ValidationException;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.testing.EventRecorder;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A guard reconfigured in place: state, windows, permits, listeners kept where the change allows; changes that
 * cannot be made in place refused with the old configuration still enforced. Time on a manual clock.
 */
class GuardReconfigureTest {

  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock();
  private final OnContext loop = OnContext.eventLoop(vertx);

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static GuardConfig config(String json) {
    return GuardConfig.parse(new JsonObject(json), "guard");
  }

  private Guard<String> guard(String json) {
    GuardConfig config = config(json);
    return Guard.of(vertx, "users", g -> config.applyTo(g.clock(clock)));
  }

  private OnContext.Completion<String> call(java.util.function.Supplier<Future<String>> operation) throws Exception {
    return OnContext.run(loop.context(), operation);
  }

  private static CircuitBreaker breakerOf(Guard<?> guard) {
    return (CircuitBreaker) guard.policies().stream().filter(p -> p instanceof CircuitBreaker).findFirst()
        .orElseThrow();
  }

  private void fail(Guard<String> guard, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      call(() -> guard.execute(() -> Future.failedFuture(new IOException("down"))));
    }
  }

  private void succeed(Guard<String> guard, int times) throws Exception {
    for (int i = 0; i < times; i++) {
      call(() -> guard.execute(() -> Future.succeededFuture("ok")));
    }
  }

  @Test
  void aBreakerWhoseThresholdsChangeKeepsItsWindowAndListeners() throws Exception {
    // given a breaker that has seen 4 failures and 1 success of the 10 calls it waits for
    Guard<String> guard = guard("{\"circuitBreaker\": {\"countWindow\": 20, \"minimumCalls\": 10,"
        + " \"failureRate\": 0.5, \"openFor\": \"30s\"}}");
    CircuitBreaker breaker = breakerOf(guard);
    EventRecorder events = new EventRecorder();
    breaker.onEvent(events);
    fail(guard, 4);
    succeed(guard, 1);

    // when fewer calls suffice, at a higher rate
    long generation = guard.reconfigure(config("{\"circuitBreaker\": {\"countWindow\": 20, \"minimumCalls\": 5,"
        + " \"failureRate\": 0.8, \"openFor\": \"5s\"}}"));

    // then it is the same breaker, its 5 calls still counted, judged by the new thresholds
    assertThat(generation).isEqualTo(2);
    assertThat(guard.generation()).isEqualTo(2);
    assertThat(breakerOf(guard)).isSameAs(breaker);
    assertThat(breaker.metrics().calls()).isEqualTo(5);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(events.ofType(CircuitBreakerEvent.Reconfigured.class)).singleElement()
        .satisfies(e -> assertThat(e.freshWindow()).isFalse());
    fail(guard, 1);                                             // 5 failures of 6 = 0.83 >= 0.8
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(events.ofType(CircuitBreakerEvent.StateTransition.class)).hasSize(1);
    // and the new open duration applies to this opening
    clock.advance(Duration.ofSeconds(5));
    succeed(guard, 1);
    assertThat(breaker.state()).isEqualTo(CircuitState.HALF_OPEN);
  }

  @Test
  void aChangeOfWindowKindStartsAFreshWindowWithAnEventSayingSo() throws Exception {
    // given a count window with 3 failures in it
    Guard<String> guard = guard("{\"circuitBreaker\": {\"countWindow\": 20, \"minimumCalls\": 5}}");
    CircuitBreaker breaker = breakerOf(guard);
    EventRecorder events = new EventRecorder();
    breaker.onEvent(events);
    fail(guard, 3);

    // when the window becomes a time window
    guard.reconfigure(config("{\"circuitBreaker\": {\"window\": \"10s\", \"minimumCalls\": 5}}"));

    // then the counts start again, the event says so, and the state is the breaker's own
    assertThat(breaker.metrics().calls()).isZero();
    assertThat(events.ofType(CircuitBreakerEvent.Reconfigured.class)).singleElement().satisfies(e -> {
      assertThat(e.freshWindow()).isTrue();
      assertThat(e.window()).isEqualTo("time(10s/10)");
      assertThat(e.state()).isEqualTo(CircuitState.CLOSED);
    });
    fail(guard, 4);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    fail(guard, 1);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void anOpenBreakerStaysOpenAcrossAReload() throws Exception {
    Guard<String> guard = guard("{\"circuitBreaker\": {\"countWindow\": 10, \"minimumCalls\": 2,"
        + " \"openFor\": \"30s\"}, \"timeout\": \"1s\"}");
    fail(guard, 2);
    assertThat(breakerOf(guard).state()).isEqualTo(CircuitState.OPEN);

    guard.reconfigure(config("{\"circuitBreaker\": {\"countWindow\": 50, \"minimumCalls\": 2,"
        + " \"openFor\": \"30s\"}, \"timeout\": \"2s\"}"));

    assertThat(breakerOf(guard).state()).isEqualTo(CircuitState.OPEN);
    OnContext.Completion<String> call = call(() -> guard.execute(() -> Future.succeededFuture("ok")));
    assertThat(call.failure()).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void aChangeOfOrderOrKindIsRefusedAndTheOldConfigurationStaysInForce() throws Exception {
    // given a breaker outside a 1 s timeout
    Guard<String> guard = guard("{\"circuitBreaker\": {\"countWindow\": 20}, \"timeout\": \"1s\"}");
    CircuitBreaker breaker = breakerOf(guard);

    // when a reload adds a retry, or drops the breaker
    assertThatThrownBy(() -> guard.reconfigure(config("{\"retry\": {\"maxAttempts\": 2},"
        + " \"circuitBreaker\": {\"countWindow\": 20}, \"timeout\": \"5s\"}")))
        .isInstanceOfSatisfying(ValidationException.class, e -> {
          assertThat(e.field()).isEqualTo("order");
          assertThat(e.getMessage()).contains("must stay [circuitBreaker, timeout]")
              .contains("[retry, circuitBreaker, timeout]");
        });
    assertThatThrownBy(() -> guard.reconfigure(config("{\"timeout\": \"5s\"}")))
        .isInstanceOf(ValidationException.class);

    // then the guard still runs generation 1: same breaker, the 1 s timeout
    assertThat(guard.generation()).isEqualTo(1);
    assertThat(breakerOf(guard)).isSameAs(breaker);
    Promise<String> hung = Promise.promise();
    var pending = OnContext.start(loop.context(), () -> guard.execute(hung::future));
    clock.awaitTimer(Duration.ofSeconds(1), Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(1));
    assertThat(OnContext.await(pending).failure()).isInstanceOf(GuardTimeoutException.class);
  }

  @Test
  void aSharedBreakerStaysAndCannotBeReplacedBySettings() {
    CircuitBreaker shared = CircuitBreaker.of("shared", cb -> cb.countWindow(20));
    Guard<String> guard = Guard.of(vertx, "a", g -> g.clock(clock).circuitBreaker(shared)
        .timeout(Duration.ofSeconds(1)));

    // passing it again keeps it; settings in its place are refused, naming it
    guard.reconfigure(g -> g.circuitBreaker(shared).timeout(Duration.ofSeconds(2)));
    assertThat(breakerOf(guard)).isSameAs(shared);
    assertThatThrownBy(() -> guard.reconfigure(g -> g.circuitBreaker(cb -> cb.countWindow(5).minimumCalls(5))
        .timeout(Duration.ofSeconds(2))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("circuitBreaker.breaker must stay the shared breaker 'shared'");
    assertThat(guard.generation()).isEqualTo(2);

    // and the shared breaker itself takes new settings for all its guards
    shared.reconfigure(cb -> cb.countWindow(20).minimumCalls(3));
    assertThat(shared.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aBulkheadResizesWithoutDroppingPermits() throws Exception {
    // given a bulkhead of 2 with both permits taken
    Guard<String> guard = guard("{\"bulkhead\": {\"maxConcurrentCalls\": 2}}");
    Bulkhead bulkhead = (Bulkhead) guard.policies().get(0);
    List<Promise<String>> running = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<OnContext.Completion<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Promise<String> p = Promise.promise();
      running.add(p);
      calls.add(OnContext.start(loop.context(), () -> guard.execute(p::future)));
    }
    loop.run(() -> { });
    assertThat(bulkhead.metrics().inFlight()).isEqualTo(2);

    // when it shrinks to 1
    guard.reconfigure(config("{\"bulkhead\": {\"maxConcurrentCalls\": 1}}"));

    // then the two calls keep their permits; a new one waits for the count to fall below 1
    assertThat(bulkhead.metrics().inFlight()).isEqualTo(2);
    assertThat(bulkhead.metrics().maxConcurrentCalls()).isEqualTo(1);
    assertThat(call(() -> guard.execute(() -> Future.succeededFuture("x"))).failure())
        .isInstanceOf(BulkheadFullException.class);
    loop.run(() -> running.get(0).complete("a"));
    assertThat(OnContext.await(calls.get(0)).value()).isEqualTo("a");
    assertThat(call(() -> guard.execute(() -> Future.succeededFuture("x"))).failure())
        .isInstanceOf(BulkheadFullException.class);
    loop.run(() -> running.get(1).complete("b"));
    assertThat(OnContext.await(calls.get(1)).value()).isEqualTo("b");
    assertThat(bulkhead.metrics().inFlight()).isZero();
    assertThat(call(() -> guard.execute(() -> Future.succeededFuture("x"))).value()).isEqualTo("x");
  }

  @Test
  void aBulkheadThatGrowsHandsItsNewPermitsToQueuedCalls() throws Exception {
    Guard<String> guard = guard("{\"bulkhead\": {\"maxConcurrentCalls\": 1, \"maxQueued\": 5,"
        + " \"maxWait\": \"1h\"}}");
    Bulkhead bulkhead = (Bulkhead) guard.policies().get(0);
    Promise<String> first = Promise.promise();
    var held = OnContext.start(loop.context(), () -> guard.execute(first::future));
    var queued = OnContext.start(loop.context(), () -> guard.execute(() -> Future.succeededFuture("queued")));
    loop.run(() -> { });
    assertThat(bulkhead.metrics().queued()).isEqualTo(1);

    guard.reconfigure(config("{\"bulkhead\": {\"maxConcurrentCalls\": 2, \"maxQueued\": 5, \"maxWait\": \"1h\"}}"));

    assertThat(OnContext.await(queued).value()).isEqualTo("queued");
    assertThat(bulkhead.metrics().inFlight()).isEqualTo(1);
    loop.run(() -> first.complete("first"));
    assertThat(OnContext.await(held).value()).isEqualTo("first");
    assertThat(bulkhead.metrics().inFlight()).isZero();
  }

  @Test
  void aRateLimiterKeepsTheTokensAlreadyTakenAndRefillsAtTheNewRate() throws Exception {
    // given 2 per second with a burst of 2, both tokens taken
    Guard<String> guard = guard("{\"rateLimiter\": {\"permits\": 2, \"per\": \"1s\"}}");
    succeed(guard, 2);
    assertThat(call(() -> guard.execute(() -> Future.succeededFuture("x"))).failure())
        .isInstanceOf(RateLimitedException.class);

    // when the rate becomes 10 per second (burst 10)
    guard.reconfigure(config("{\"rateLimiter\": {\"permits\": 10, \"per\": \"1s\"}}"));

    // then the bucket is not refilled by the reload: the 2 tokens owed come back at the new rate, 100 ms each
    clock.advance(Duration.ofMillis(150));
    int admitted = 0;
    for (int i = 0; i < 10; i++) {
      if (call(() -> guard.execute(() -> Future.succeededFuture("x"))).succeeded()) {
        admitted++;
      }
    }
    // 200 ms of debt at 100 ms a token, 150 ms later: the burst of 10 minus the one token still owed
    assertThat(admitted).isEqualTo(9);
  }

  @Test
  void anAdaptiveLimitKeepsItsLimitWithinTheNewBounds() {
    Guard<String> guard = Guard.of(vertx, "adaptive", g -> g.clock(clock)
        .concurrencyLimit(l -> l.initialLimit(20).minLimit(1).maxLimit(50)));
    ConcurrencyLimit limit = (ConcurrencyLimit) guard.policies().get(0);

    guard.reconfigure(g -> g.concurrencyLimit(l -> l.initialLimit(5).minLimit(1).maxLimit(10)));

    assertThat(guard.policies().get(0)).isSameAs(limit);
    assertThat(limit.limit()).isEqualTo(10);
  }

  @Test
  void a_reload_keeps_the_retry_budget_history_and_counters() throws Exception {
    // given a retry whose budget has seen 20 calls (10 % of them may be retried: 2 retries)
    String json = """
        {"retry": {"maxAttempts": %d, "backoff": {"type": "fixed", "initial": "0ms"}, "jitter": 0,
                   "budget": {"ratio": 0.1, "minPerSecond": 0}}}""";
    Guard<String> guard = guard(json.formatted(2));
    succeed(guard, 20);

    // when the retry is reconfigured (one more attempt allowed)
    guard.reconfigure(config(json.formatted(3)));

    // then the window's history is kept: a failing call still finds 2 retries in the budget (a fresh budget, having
    // seen this one call, would grant none)
    java.util.concurrent.atomic.AtomicInteger attempts = new java.util.concurrent.atomic.AtomicInteger();
    call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    assertThat(attempts).hasValue(3);
    dev.fusebox.retry.Retry retry = (dev.fusebox.retry.Retry) guard.policies().stream()
        .filter(p -> p instanceof dev.fusebox.retry.Retry).findFirst().orElseThrow();
    assertThat(retry.metrics().calls()).as("counters carried over").isEqualTo(21);
    assertThat(retry.metrics().retries()).isEqualTo(2);
  }
}
