package dev.fusebox.ratelimiter;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.RateLimitedException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RateLimiterTest {

  private final ManualClock clock = new ManualClock();
  private final AtomicInteger ran = new AtomicInteger();

  @Test
  void admits_a_burst_then_rejects_saying_when_the_next_token_is_due(Vertx vertx) {
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(10, Duration.ofSeconds(1)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);

    for (int i = 0; i < 10; i++) {
      assertThat(call(loop, guard).result()).isEqualTo("ok");
    }
    Future<String> eleventh = call(loop, guard);

    assertThat(eleventh.cause()).isInstanceOfSatisfying(RateLimitedException.class, e -> {
      assertThat(e.policyName()).isEqualTo("api");
      assertThat(e.retryAfter()).isEqualTo(ofMillis(100));
      assertThat(e.getStackTrace()).isEmpty();
    });
    assertThat(ran).hasValue(10);
    assertThat(limiter.metrics()).isEqualTo(new RateLimiterMetrics(0, 0, 10, 0, 1));
  }

  @Test
  void tokens_refill_continuously_at_the_rate(Vertx vertx) {
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(10, Duration.ofSeconds(1)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);
    for (int i = 0; i < 10; i++) {
      call(loop, guard);
    }

    clock.advanceMillis(350);

    assertThat(limiter.metrics().availablePermits()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(call(loop, guard).succeeded()).isTrue();
    }
    Future<String> rejected = call(loop, guard);
    assertThat(((RateLimitedException) rejected.cause()).retryAfter()).isEqualTo(ofMillis(50));
    assertThat(ran).hasValue(13);
  }

  @Test
  void an_idle_bucket_holds_no_more_than_the_burst(Vertx vertx) {
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(100, Duration.ofSeconds(1)).burst(5));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);

    clock.advance(Duration.ofHours(1));
    int admitted = 0;
    for (int i = 0; i < 20; i++) {
      admitted += call(loop, guard).succeeded() ? 1 : 0;
    }

    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void an_uneven_rate_rounds_the_interval_up_so_never_more_than_the_rate(Vertx vertx) {
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(3, Duration.ofSeconds(1)).burst(1));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);

    call(loop, guard);
    Future<String> second = call(loop, guard);

    assertThat(((RateLimitedException) second.cause()).retryAfter()).isEqualTo(Duration.ofNanos(333_333_334));
    clock.advance(Duration.ofNanos(333_333_333));
    assertThat(call(loop, guard).failed()).isTrue();
    clock.advance(Duration.ofNanos(1));
    assertThat(call(loop, guard).succeeded()).isTrue();
  }

  @Test
  void with_a_maximum_wait_a_call_waits_on_a_timer_for_its_token(Vertx vertx) {
    // given 2 per second, a burst of 1 and up to 500 ms of waiting
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(2, Duration.ofSeconds(1)).burst(1)
        .maxWait(ofMillis(500)));
    List<RateLimiterEvent> events = new CopyOnWriteArrayList<>();
    limiter.onEvent(events::add);
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);

    // when three calls come at once
    Future<String> first = call(loop, guard);
    Future<String> second = call(loop, guard);
    Future<String> third = call(loop, guard);

    // then the first runs, the second waits 500 ms, and the third (due in 1 s) is rejected
    assertThat(first.result()).isEqualTo("ok");
    assertThat(second.isComplete()).isFalse();
    assertThat(clock.pendingDelays()).containsExactly(ofMillis(500));
    assertThat(((RateLimitedException) third.cause()).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(limiter.metrics()).isEqualTo(new RateLimiterMetrics(0, 1, 2, 1, 1));
    clock.advanceMillis(499);
    loop.settle();
    assertThat(ran).hasValue(1);
    clock.advanceMillis(1);
    loop.settle();
    assertThat(second.result()).isEqualTo("ok");
    assertThat(ran).hasValue(2);
    assertThat(limiter.metrics().waiting()).isZero();
    assertThat(events).containsExactly(
        new RateLimiterEvent.Permitted("api", Duration.ZERO),
        new RateLimiterEvent.Permitted("api", ofMillis(500)),
        new RateLimiterEvent.Rejected("api", Duration.ofSeconds(1)));
  }

  @Test
  void an_outer_timeout_cancels_a_waiting_call_and_its_timer(Vertx vertx) {
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(1, Duration.ofSeconds(1))
        .maxWait(Duration.ofSeconds(1)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).timeout(ofMillis(100)).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);
    call(loop, guard);

    Future<String> waiting = call(loop, guard);
    clock.advanceMillis(100);
    loop.settle();

    assertThat(waiting.cause()).isInstanceOf(GuardTimeoutException.class);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(limiter.metrics().waiting()).isZero();
    clock.advanceMillis(5_000);
    loop.settle();
    assertThat(ran).hasValue(1);
  }

  @Test
  void guards_sharing_a_limiter_share_its_rate(Vertx vertx) {
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(2, Duration.ofSeconds(1)));
    Guard<String> users = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    Guard<String> orders = Guard.of(vertx, "orders", g -> g.clock(clock).rateLimiter(limiter));
    OnContext loop = OnContext.eventLoop(vertx);

    assertThat(call(loop, users).succeeded()).isTrue();
    assertThat(call(loop, orders).succeeded()).isTrue();
    assertThat(call(loop, users).cause()).isInstanceOf(RateLimitedException.class);
    assertThat(call(loop, orders).cause()).isInstanceOf(RateLimitedException.class);
  }

  @Test
  void a_delayed_call_runs_and_completes_on_its_caller_worker_context(Vertx vertx, VertxTestContext test)
      throws InterruptedException {
    Guard<String> guard = Guard.of(vertx, "users", g -> g
        .rateLimiter(r -> r.rate(1, Duration.ofMillis(20)).maxWait(Duration.ofSeconds(1))));
    Context caller = OnContext.worker(vertx).context();

    caller.runOnContext(v -> {
      guard.execute(() -> Future.succeededFuture("first"));
      guard.execute(() -> {
        test.verify(() -> assertThat(Vertx.currentContext()).isSameAs(caller));
        return Future.succeededFuture("second");
      }).onComplete(test.succeeding(value -> test.verify(() -> {
        assertThat(value).isEqualTo("second");
        assertThat(Vertx.currentContext()).isSameAs(caller);
        test.completeNow();
      })));
    });

    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
    if (test.failed()) {
      throw new AssertionError(test.causeOfFailure());
    }
  }

  private Future<String> call(OnContext loop, Guard<String> guard) {
    return loop.call(() -> guard.execute(() -> {
      ran.incrementAndGet();
      return Future.succeededFuture("ok");
    }));
  }
}
