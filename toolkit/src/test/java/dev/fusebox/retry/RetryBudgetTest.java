package dev.fusebox.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.testing.OnContext;
import dev.fusebox.retry.internal.RetryBudget;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The retry budget: retries stay within ratio x recent calls + a floor per second, on one thread and on several. */
@ExtendWith(VertxExtension.class)
class RetryBudgetTest {

  private static final long SECOND = 1_000_000_000L;
  private static final long WINDOW = 10 * SECOND;

  @Test
  void with_no_calls_the_floor_alone_grants_retries() {
    RetryBudget budget = new RetryBudget(0.0, 2, WINDOW);

    assertThat(grantAll(budget, 0)).isEqualTo(20);
    assertThat(budget.available(0)).isZero();
  }

  @Test
  void the_ratio_grants_a_share_of_the_calls() {
    RetryBudget budget = new RetryBudget(0.2, 0, WINDOW);
    for (int i = 0; i < 100; i++) {
      budget.onCall(0);
    }

    assertThat(budget.available(0)).isEqualTo(20);
    assertThat(grantAll(budget, 0)).isEqualTo(20);
  }

  @Test
  void ratio_and_floor_add_up_without_floating_point_loss() {
    RetryBudget budget = new RetryBudget(0.29, 1, WINDOW);
    for (int i = 0; i < 100; i++) {
      budget.onCall(5 * SECOND);
    }

    assertThat(grantAll(budget, 5 * SECOND)).isEqualTo(29 + 10);
  }

  @Test
  void calls_and_retries_leave_the_budget_when_they_leave_the_window() {
    RetryBudget budget = new RetryBudget(0.5, 0, WINDOW);
    long start = 3 * SECOND + 100;
    for (int i = 0; i < 10; i++) {
      budget.onCall(start);
    }
    assertThat(budget.tryRetry(start)).isTrue();
    assertThat(budget.tryRetry(start)).isTrue();
    assertThat(budget.available(start)).isEqualTo(3);

    // still inside the window (10 buckets of 1 s), the calls still fund retries
    assertThat(budget.available(start + 9 * SECOND)).isEqualTo(3);
    // once out of it, they fund nothing, whichever bucket the clock now points at
    assertThat(budget.available(start + 10 * SECOND)).isZero();
    assertThat(budget.available(start + 15 * SECOND)).isZero();
    long later = start + 15 * SECOND;
    budget.onCall(later);
    budget.onCall(later);
    assertThat(grantAll(budget, later)).isEqualTo(1);
  }

  @Test
  void an_idle_budget_is_full_again_whatever_the_clock_reads() {
    RetryBudget budget = new RetryBudget(0.1, 1, WINDOW);
    long start = -7 * SECOND;
    assertThat(grantAll(budget, start)).isEqualTo(10);

    assertThat(budget.available(start + 30 * SECOND)).isEqualTo(10);
    assertThat(grantAll(budget, start + 30 * SECOND)).isEqualTo(10);
  }

  @Test
  void concurrent_retries_never_exceed_the_budget_and_none_is_lost() throws Exception {
    // given four threads that count calls and ask for retries at the same instant
    RetryBudget budget = new RetryBudget(0.1, 1, WINDOW);
    int threads = 4;
    int callsPerThread = 20_000;
    AtomicLong granted = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();
    try {
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < callsPerThread; i++) {
            budget.onCall(SECOND);
            if (budget.tryRetry(SECOND)) {
              granted.incrementAndGet();
            }
            if (budget.tryRetry(SECOND)) {
              granted.incrementAndGet();
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // then every grant was within the budget, and once drained the budget granted exactly its allowance
    long allowance = (long) Math.floor(0.1 * threads * callsPerThread + 10);
    assertThat(granted.get()).isLessThanOrEqualTo(allowance);
    long drained = grantAll(budget, SECOND);
    assertThat(granted.get() + drained).isEqualTo(allowance);
  }

  @Test
  void a_spent_budget_returns_the_last_failure_at_once_and_says_why(Vertx vertx) {
    ManualClock clock = new ManualClock();
    Retry retry = Retry.of("users", r -> r.clock(clock).maxAttempts(5).fixedBackoff(Duration.ofMillis(10))
        .budget(0.0, 1, Duration.ofSeconds(2)));
    List<RetryEvent> events = new CopyOnWriteArrayList<>();
    retry.onEvent(events::add);
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);
    IOException down = new IOException("down");

    // The floor of 1 retry per second of a 2 s window grants 2 retries in all.
    Future<String> first = loop.call(() -> guard.execute(() -> Future.failedFuture(down)));
    loop.settle();
    clock.advanceMillis(10);
    loop.settle();
    clock.advanceMillis(10);
    loop.settle();

    assertThat(first.cause()).isSameAs(down);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(events).last().isEqualTo(new RetryEvent.BudgetExhausted("users", 3, down, null));
    assertThat(retry.metrics()).isEqualTo(new RetryMetrics(1, 2, 0, 0, 1, 0));
  }

  @Test
  void a_shared_retry_shares_its_budget_between_guards(Vertx vertx) {
    ManualClock clock = new ManualClock();
    Retry retry = Retry.of("users", r -> r.clock(clock).maxAttempts(50).fixedBackoff(Duration.ZERO)
        .budget(0.5, 0));
    Guard<String> healthy = Guard.of(vertx, "healthy", g -> g.clock(clock).retry(retry));
    Guard<String> failing = Guard.of(vertx, "failing", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger attempts = new AtomicInteger();

    for (int i = 0; i < 10; i++) {
      loop.call(() -> healthy.execute(() -> Future.succeededFuture("ok")));
    }
    loop.call(() -> failing.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    loop.settle();

    // 11 calls through the shared retry at a ratio of 0.5 fund 5 retries
    assertThat(attempts).hasValue(1 + 5);
    assertThat(retry.metrics().calls()).isEqualTo(11);
    assertThat(retry.metrics().budgetExhausted()).isEqualTo(1);
  }

  @Test
  void under_sustained_failure_retries_stay_within_ratio_times_calls_plus_the_floor(Vertx vertx) {
    // given 10,000 failing calls over 20 s of manual time, each allowed two immediate retries
    ManualClock clock = new ManualClock();
    Retry retry = Retry.of("users", r -> r.clock(clock).maxAttempts(3).fixedBackoff(Duration.ZERO).budget(0.1, 1));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicLong attempts = new AtomicLong();
    AtomicInteger failed = new AtomicInteger();
    int calls = 10_000;
    int batch = 100;

    for (int sent = 0; sent < calls; sent += batch) {
      loop.run(() -> {
        for (int i = 0; i < batch; i++) {
          guard.execute(() -> {
            attempts.incrementAndGet();
            return Future.failedFuture(new IOException("down"));
          }).onFailure(t -> failed.incrementAndGet());
        }
      });
      loop.settle();
      clock.advanceMillis(200);
    }
    loop.settle();

    // then: every call failed, and retries stayed within the budget of each window (2 windows, 3 at most touched)
    RetryMetrics metrics = retry.metrics();
    assertThat(failed).hasValue(calls);
    assertThat(metrics.calls()).isEqualTo(calls);
    assertThat(attempts.get()).isEqualTo(calls + metrics.retries());
    assertThat(metrics.retries()).isLessThanOrEqualTo((long) (0.1 * calls + 1 * 10 * 3))
        .isGreaterThanOrEqualTo((long) (0.09 * calls));
    assertThat(metrics.budgetExhausted()).isGreaterThan(calls / 2);
  }

  @Test
  void callers_on_two_event_loops_get_exactly_the_budget_between_them(Vertx vertx) throws Exception {
    ManualClock clock = new ManualClock();
    Retry retry = Retry.of("users", r -> r.clock(clock).maxAttempts(3).fixedBackoff(Duration.ZERO)
        .budget(0.1, 1));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext[] loops = {OnContext.eventLoop(vertx), OnContext.eventLoop(vertx)};
    int callsPerLoop = 2_000;
    CountDownLatch finished = new CountDownLatch(2 * callsPerLoop);

    for (OnContext loop : loops) {
      loop.context().runOnContext(v -> {
        for (int i = 0; i < callsPerLoop; i++) {
          guard.execute(() -> Future.failedFuture(new IOException("down")))
              .onComplete(ar -> finished.countDown());
        }
      });
    }

    assertThat(finished.await(20, TimeUnit.SECONDS)).isTrue();
    // calls and retries interleave; at the end the demand (2 per call) has spent the whole allowance, no more
    assertThat(retry.metrics().retries()).isEqualTo((long) Math.floor(0.1 * 2 * callsPerLoop + 10));
  }

  private static long grantAll(RetryBudget budget, long now) {
    long granted = 0;
    while (budget.tryRetry(now)) {
      granted++;
      if (granted > 10_000_000) {
        throw new AssertionError("budget never ran out");
      }
    }
    return granted;
  }
}
