package dev.fusebox.composition;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.Outcome;
import dev.fusebox.RateLimitedException;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.retry.Retry;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Policies compose in the order they are listed, outermost first. */
@ExtendWith(VertxExtension.class)
class CompositionTest {

  private final ManualClock clock = new ManualClock();
  private final AtomicInteger attempts = new AtomicInteger();

  @Test
  void fallback_retry_breaker_timeout_retries_each_timed_out_attempt_and_succeeds(Vertx vertx) {
    // given fallback(retry(breaker(timeout(op)))) and an operation that hangs twice, then answers
    CircuitBreaker breaker = CircuitBreaker.of("users-cb", cb -> cb.clock(clock).countWindow(10).minimumCalls(10));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .fallback(f -> f.value("cached"))
        .retry(r -> r.maxAttempts(3).fixedBackoff(ofMillis(10)))
        .circuitBreaker(breaker)
        .timeout(ofMillis(100)));
    OnContext loop = OnContext.eventLoop(vertx);

    // when
    Future<String> result = loop.call(() -> guard.execute(() ->
        attempts.incrementAndGet() < 3 ? Promise.<String>promise().future() : Future.succeededFuture("fresh")));
    for (int i = 0; i < 2; i++) {
      loop.settle();
      clock.advanceMillis(100);
      loop.settle();
      clock.advanceMillis(10);
    }
    loop.settle();

    // then each attempt had its own timeout, the breaker saw every attempt, and no fallback was needed
    assertThat(result.result()).isEqualTo("fresh");
    assertThat(attempts).hasValue(3);
    assertThat(breaker.metrics().calls()).isEqualTo(3);
    assertThat(breaker.metrics().failedCalls()).isEqualTo(2);
  }

  @Test
  void fallback_retry_breaker_timeout_falls_back_with_the_last_failure_when_retries_run_out(Vertx vertx) {
    AtomicReference<Throwable> fellBackOn = new AtomicReference<>();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .fallback(f -> f.with(failure -> {
          fellBackOn.set(failure);
          return Future.succeededFuture("cached");
        }))
        .retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(10)))
        .circuitBreaker(cb -> cb.countWindow(10).minimumCalls(10))
        .timeout(ofMillis(100)));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Promise.<String>promise().future();
    }));
    loop.settle();
    clock.advanceMillis(100);
    loop.settle();
    clock.advanceMillis(10);
    loop.settle();
    clock.advanceMillis(100);
    loop.settle();

    assertThat(result.result()).isEqualTo("cached");
    assertThat(attempts).hasValue(2);
    assertThat(fellBackOn.get()).isInstanceOf(GuardTimeoutException.class);
  }

  @Test
  void a_breaker_that_opens_during_retries_stops_them_and_the_fallback_gets_the_rejection(Vertx vertx) {
    CircuitBreaker breaker = CircuitBreaker.of("users-cb", cb -> cb.clock(clock).countWindow(2).minimumCalls(2)
        .failureRate(0.5));
    AtomicReference<Throwable> fellBackOn = new AtomicReference<>();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .fallback(f -> f.with(failure -> {
          fellBackOn.set(failure);
          return Future.succeededFuture("cached");
        }))
        .retry(r -> r.maxAttempts(5).fixedBackoff(ofMillis(10)))
        .circuitBreaker(breaker));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    loop.settle();
    clock.advanceMillis(10);
    loop.settle();
    clock.advanceMillis(10);
    loop.settle();

    assertThat(attempts).as("the third attempt was rejected by the open breaker").hasValue(2);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(fellBackOn.get()).isInstanceOf(CircuitOpenException.class);
    assertThat(result.result()).isEqualTo("cached");
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void a_retry_asked_to_retry_rejections_waits_out_the_open_breaker(Vertx vertx) {
    CircuitBreaker breaker = CircuitBreaker.of("users-cb", cb -> cb.clock(clock).countWindow(1).minimumCalls(1)
        .openFor(ofMillis(50)).halfOpenCalls(1));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(5).fixedBackoff(ofMillis(30)).retryOnRejection(true))
        .circuitBreaker(breaker));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> attempts.incrementAndGet() == 1
        ? Future.failedFuture(new IOException("down")) : Future.succeededFuture("recovered")));
    for (int i = 0; i < 3; i++) {
      loop.settle();
      clock.advanceMillis(30);
    }
    loop.settle();

    // attempt 1 fails and opens; attempt 2 (t=30) is rejected; attempt 3 (t=60) is the half-open probe
    assertThat(result.result()).isEqualTo("recovered");
    assertThat(attempts).hasValue(2);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void a_timeout_inside_the_retry_bounds_each_attempt_and_outside_bounds_the_whole_call(Vertx vertx) {
    // the same operation: each attempt takes 80 ms; the third one succeeds
    Guard<String> perAttempt = Guard.of(vertx, "inside", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(3).fixedBackoff(ofMillis(10)))
        .timeout(ofMillis(100)));
    Guard<String> wholeCall = Guard.of(vertx, "outside", g -> g.clock(clock)
        .timeout(ofMillis(100))
        .retry(r -> r.maxAttempts(3).fixedBackoff(ofMillis(10))));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger insideAttempts = new AtomicInteger();
    AtomicInteger outsideAttempts = new AtomicInteger();

    Future<String> inside = loop.call(() -> perAttempt.execute(() -> slow(insideAttempts)));
    Future<String> outside = loop.call(() -> wholeCall.execute(() -> slow(outsideAttempts)));
    for (int ms = 0; ms < 400; ms += 10) {
      clock.advanceMillis(10);
      loop.settle();
    }

    assertThat(inside.result()).isEqualTo("third");
    assertThat(insideAttempts).hasValue(3);
    assertThat(outside.cause()).isInstanceOf(GuardTimeoutException.class);
    assertThat(outsideAttempts).hasValue(2);
  }

  @Test
  void a_breaker_outside_the_retry_records_one_outcome_per_call(Vertx vertx) {
    CircuitBreaker breaker = CircuitBreaker.of("users-cb", cb -> cb.clock(clock).countWindow(10).minimumCalls(10));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .circuitBreaker(breaker)
        .retry(r -> r.maxAttempts(3).fixedBackoff(Duration.ZERO)));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    loop.settle();

    assertThat(result.failed()).isTrue();
    assertThat(attempts).hasValue(3);
    assertThat(breaker.metrics().calls()).isEqualTo(1);
    assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void a_bulkhead_outside_the_retry_holds_its_permit_through_the_delays_and_inside_frees_it(Vertx vertx) {
    Bulkhead outer = Bulkhead.of("outer", b -> b.maxConcurrentCalls(1));
    Bulkhead inner = Bulkhead.of("inner", b -> b.maxConcurrentCalls(1));
    Guard<String> holding = Guard.of(vertx, "holding", g -> g.clock(clock)
        .bulkhead(outer).retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))));
    Guard<String> freeing = Guard.of(vertx, "freeing", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))).bulkhead(inner));
    OnContext loop = OnContext.eventLoop(vertx);

    loop.call(() -> holding.execute(() -> Future.failedFuture(new IOException("down"))));
    loop.call(() -> freeing.execute(() -> Future.failedFuture(new IOException("down"))));
    loop.settle();

    // during the retry delay
    assertThat(outer.metrics().inFlight()).isEqualTo(1);
    assertThat(inner.metrics().inFlight()).isZero();
    Future<String> blocked = loop.call(() -> holding.execute(() -> Future.succeededFuture("x")));
    assertThat(blocked.cause()).isInstanceOf(BulkheadFullException.class);
    clock.advanceMillis(100);
    loop.settle();
    assertThat(outer.metrics().inFlight()).isZero();
  }

  @Test
  void a_limiter_inside_the_retry_charges_every_attempt_and_its_rejection_ends_the_retries(Vertx vertx) {
    RateLimiter inner = RateLimiter.of("inner", r -> r.clock(clock).rate(2, Duration.ofSeconds(10)));
    RateLimiter outer = RateLimiter.of("outer", r -> r.clock(clock).rate(2, Duration.ofSeconds(10)));
    Guard<String> perAttempt = Guard.of(vertx, "per-attempt", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(4).fixedBackoff(Duration.ZERO)).rateLimiter(inner));
    Guard<String> perCall = Guard.of(vertx, "per-call", g -> g.clock(clock)
        .rateLimiter(outer).retry(r -> r.maxAttempts(4).fixedBackoff(Duration.ZERO)));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger innerAttempts = new AtomicInteger();
    AtomicInteger outerAttempts = new AtomicInteger();

    Future<String> charged = loop.call(() -> perAttempt.execute(() -> failing(innerAttempts)));
    Future<String> once = loop.call(() -> perCall.execute(() -> failing(outerAttempts)));
    loop.settle();

    assertThat(innerAttempts).hasValue(2);
    assertThat(charged.cause()).isInstanceOf(RateLimitedException.class);
    assertThat(outerAttempts).hasValue(4);
    assertThat(once.cause()).isInstanceOf(IOException.class);
    assertThat(outer.metrics().permitted()).isEqualTo(1);
  }

  @Test
  void rejections_by_the_new_policies_reach_observers_as_rejected_and_can_fall_back(Vertx vertx) {
    List<Outcome> outcomes = new CopyOnWriteArrayList<>();
    ExecutionObserver observer = new ExecutionObserver() {
      @Override
      public void onEnd(Outcome outcome, Throwable failure, java.time.Duration elapsed) {
        outcomes.add(outcome);
      }
    };
    Guard<String> limited = Guard.of(vertx, "limited", g -> g.clock(clock).observer(name -> observer)
        .rateLimiter(r -> r.rate(1, Duration.ofSeconds(1))));
    Guard<String> withFallback = Guard.of(vertx, "fallback", g -> g.clock(clock).observer(name -> observer)
        .fallback(f -> f.on(BulkheadFullException.class).value("busy"))
        .bulkhead(b -> b.maxConcurrentCalls(1)));
    OnContext loop = OnContext.eventLoop(vertx);

    loop.call(() -> limited.execute(() -> Future.succeededFuture("ok")));
    loop.call(() -> limited.execute(() -> Future.succeededFuture("ok")));
    loop.call(() -> withFallback.execute(() -> Promise.<String>promise().future()));
    Future<String> busy = loop.call(() -> withFallback.execute(() -> Future.succeededFuture("x")));
    loop.settle();

    assertThat(busy.result()).isEqualTo("busy");
    assertThat(outcomes).containsExactly(Outcome.SUCCESS, Outcome.REJECTED, Outcome.FALLBACK);
  }

  @Test
  void the_guard_lists_its_stateful_policies_outermost_first(Vertx vertx) {
    Retry retry = Retry.of("r", r -> { });
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("cb");
    Bulkhead bulkhead = Bulkhead.of("b", b -> { });
    RateLimiter limiter = RateLimiter.of("l", r -> r.rate(1, Duration.ofSeconds(1)));

    Guard<String> guard = Guard.of(vertx, "users", g -> g
        .fallback(f -> f.value("x")).retry(retry).circuitBreaker(breaker).bulkhead(bulkhead).rateLimiter(limiter)
        .timeout(ofMillis(100)));

    assertThat(guard.policies()).containsExactly(retry, breaker, bulkhead, limiter);
  }

  /** An attempt that takes 80 ms of manual time and fails, except the third, which succeeds. */
  private Future<String> slow(AtomicInteger counter) {
    int n = counter.incrementAndGet();
    Promise<String> promise = Promise.promise();
    clock.schedule(Vertx.currentContext(), ofMillis(80), () -> {
      if (n < 3) {
        promise.tryFail(new IOException("slow failure " + n));
      } else {
        promise.tryComplete("third");
      }
    });
    return promise.future();
  }

  private static Future<String> failing(AtomicInteger counter) {
    counter.incrementAndGet();
    return Future.failedFuture(new IOException("down"));
  }
}
