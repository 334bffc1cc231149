package dev.fusebox.retry;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetryTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void retries_until_an_attempt_succeeds_and_each_attempt_knows_its_number(Vertx vertx) {
    // given a retry whose third attempt succeeds
    Retry retry = Retry.of("users", r -> r.maxAttempts(5).fixedBackoff(ofMillis(100)));
    List<RetryEvent> events = new CopyOnWriteArrayList<>();
    retry.onEvent(events::add);
    List<Integer> numbers = new CopyOnWriteArrayList<>();
    IOException down = new IOException("down");
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);

    // when
    Future<String> result = loop.call(() -> guard.executeAttempt(attempt -> {
      numbers.add(attempt.number());
      return attempt.number() < 3 ? Future.failedFuture(down) : Future.succeededFuture("ann");
    }));
    advanceThroughRetries(loop, 2);

    // then
    assertThat(result.result()).isEqualTo("ann");
    assertThat(numbers).containsExactly(1, 2, 3);
    assertThat(events).containsExactly(
        new RetryEvent.RetryScheduled("users", 2, ofMillis(100), down, null),
        new RetryEvent.RetryScheduled("users", 3, ofMillis(100), down, null),
        new RetryEvent.SucceededAfterRetry("users", 3));
    assertThat(retry.metrics()).isEqualTo(new RetryMetrics(1, 2, 1, 0, 0, -1));
  }

  @Test
  void gives_up_after_max_attempts_with_the_last_failure(Vertx vertx) {
    Retry retry = Retry.of("users", r -> r.maxAttempts(3).fixedBackoff(ofMillis(10)));
    List<RetryEvent> events = new CopyOnWriteArrayList<>();
    retry.onEvent(events::add);
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() ->
        Future.failedFuture(new IOException("failure " + attempts.incrementAndGet()))));
    advanceThroughRetries(loop, 2);

    assertThat(result.cause()).isInstanceOf(IOException.class).hasMessage("failure 3");
    assertThat(events).last().isInstanceOfSatisfying(RetryEvent.Exhausted.class, e -> {
      assertThat(e.attempts()).isEqualTo(3);
      assertThat(e.cause()).hasMessage("failure 3");
    });
    assertThat(retry.metrics().exhausted()).isEqualTo(1);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void one_attempt_means_no_retry(Vertx vertx) {
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(r -> r.maxAttempts(1)));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    loop.settle();

    assertThat(result.failed()).isTrue();
    assertThat(attempts).hasValue(1);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void retries_only_failures_matched_by_type_or_predicate(Vertx vertx) {
    assertThat(attemptsFor(vertx, r -> r.retryOn(IOException.class), new IOException("io"))).isEqualTo(3);
    assertThat(attemptsFor(vertx, r -> r.retryOn(IOException.class), new IllegalStateException("bug")))
        .isEqualTo(1);
    assertThat(attemptsFor(vertx, r -> r.retryOn(t -> t.getMessage().startsWith("transient")),
        new IllegalStateException("transient glitch"))).isEqualTo(3);
    assertThat(attemptsFor(vertx, r -> r.retryOn(IOException.class).retryOn(t -> t instanceof ArithmeticException),
        new ArithmeticException("either"))).isEqualTo(3);
    assertThat(attemptsFor(vertx, r -> r.retryOn(t -> {
      throw new IllegalStateException("predicate bug");
    }), new IOException("io"))).as("a throwing predicate does not retry").isEqualTo(1);
  }

  @Test
  void rejections_are_not_retried_unless_asked(Vertx vertx) {
    BulkheadFullException full = new BulkheadFullException("pool", 4, 0, false);

    assertThat(attemptsFor(vertx, r -> { }, full)).isEqualTo(1);
    assertThat(attemptsFor(vertx, r -> r.retryOn(BulkheadFullException.class), full)).isEqualTo(1);
    assertThat(attemptsFor(vertx, r -> r.retryOnRejection(true), full)).isEqualTo(3);
  }

  @Test
  void a_result_matched_by_retry_on_result_is_retried_and_the_last_one_is_returned_as_a_success(Vertx vertx) {
    Retry retry = Retry.of("users", r -> r.maxAttempts(3).fixedBackoff(ofMillis(10))
        .retryOnResult(status -> (Integer) status == 503));
    List<RetryEvent> events = new CopyOnWriteArrayList<>();
    retry.onEvent(events::add);
    AtomicInteger attempts = new AtomicInteger();
    Guard<Integer> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<Integer> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.succeededFuture(503);
    }));
    advanceThroughRetries(loop, 2);

    assertThat(attempts).hasValue(3);
    assertThat(result.succeeded()).isTrue();
    assertThat(result.result()).isEqualTo(503);
    assertThat(events.get(0)).isEqualTo(new RetryEvent.RetryScheduled("users", 2, ofMillis(10), null, 503));
    assertThat(events).last().isEqualTo(new RetryEvent.Exhausted("users", 3, null, 503));
  }

  @Test
  void a_retried_result_that_turns_good_ends_the_retries(Vertx vertx) {
    AtomicInteger attempts = new AtomicInteger();
    Guard<Integer> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(5).fixedBackoff(ofMillis(10)).retryOnResult(status -> (Integer) status >= 500)));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<Integer> result = loop.call(() -> guard.execute(() ->
        Future.succeededFuture(attempts.incrementAndGet() == 1 ? 503 : 200)));
    advanceThroughRetries(loop, 1);

    assertThat(result.result()).isEqualTo(200);
    assertThat(attempts).hasValue(2);
  }

  @Test
  void the_observer_hears_of_every_retry(Vertx vertx) {
    List<String> heard = new CopyOnWriteArrayList<>();
    ExecutionObserver observer = new ExecutionObserver() {
      @Override
      public void onEvent(PolicyEvent event) {
        if (event instanceof RetryEvent.RetryScheduled r) {
          heard.add(r.attempt() + " after " + r.delay().toMillis() + "ms: " + r.cause().getMessage());
        }
      }
    };
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(name -> observer)
        .retry(r -> r.maxAttempts(3).exponentialBackoff(ofMillis(10), ofMillis(100))));
    OnContext loop = OnContext.eventLoop(vertx);

    loop.call(() -> guard.execute(() -> Future.failedFuture(new IOException("down"))));
    advanceThroughRetries(loop, 2);

    assertThat(heard).containsExactly("2 after 10ms: down", "3 after 20ms: down");
  }

  @Test
  void a_listener_that_throws_stops_neither_the_others_nor_the_call(Vertx vertx) {
    Retry retry = Retry.of("users", r -> r.maxAttempts(2).fixedBackoff(ofMillis(10)));
    retry.onEvent(event -> {
      throw new IllegalStateException("listener bug");
    });
    List<RetryEvent> events = new CopyOnWriteArrayList<>();
    retry.onEvent(events::add);
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> attempts.incrementAndGet() == 1
        ? Future.failedFuture(new IOException("down")) : Future.succeededFuture("ok")));
    advanceThroughRetries(loop, 1);

    assertThat(result.result()).isEqualTo("ok");
    assertThat(events).hasSize(2);
  }

  @Test
  void a_closed_subscription_receives_nothing_more(Vertx vertx) {
    Retry retry = Retry.of("users", r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO));
    List<RetryEvent> events = new CopyOnWriteArrayList<>();
    retry.onEvent(events::add).close();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    OnContext loop = OnContext.eventLoop(vertx);

    loop.call(() -> guard.execute(() -> Future.failedFuture(new IOException("down"))));
    loop.settle();

    assertThat(events).isEmpty();
    assertThat(retry.metrics().retries()).isEqualTo(1);
  }

  @Test
  void an_outer_timeout_cancels_the_pending_retry_and_no_further_attempt_starts(Vertx vertx) {
    // given a timeout around the retry: the timeout bounds the whole call
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .timeout(ofMillis(150))
        .retry(r -> r.maxAttempts(10).fixedBackoff(ofMillis(100))));
    OnContext loop = OnContext.eventLoop(vertx);

    // when attempts keep failing until the timeout fires during a retry delay
    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    loop.settle();
    clock.advanceMillis(100);
    loop.settle();
    assertThat(attempts).hasValue(2);
    clock.advanceMillis(50);
    loop.settle();

    // then the caller times out, the retry timer is gone, and no attempt starts later
    assertThat(result.cause()).isInstanceOf(GuardTimeoutException.class);
    assertThat(clock.pendingTimers()).isZero();
    clock.advanceMillis(5_000);
    loop.settle();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void an_outer_timeout_during_an_attempt_cancels_it_and_stops_retrying(Vertx vertx) {
    AtomicInteger attempts = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .timeout(ofMillis(150))
        .retry(r -> r.maxAttempts(10).fixedBackoff(ofMillis(100))));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.executeAttempt(attempt -> {
      if (attempts.incrementAndGet() == 1) {
        return Future.failedFuture(new IOException("down"));
      }
      // The second attempt hangs until it is cancelled, then fails like a reset HTTP request.
      Promise<String> hanging = Promise.promise();
      attempt.onCancel(() -> {
        cancelled.incrementAndGet();
        hanging.fail(new IOException("reset"));
      });
      return hanging.future();
    }));
    loop.settle();
    clock.advanceMillis(100);
    loop.settle();
    clock.advanceMillis(50);
    loop.settle();

    assertThat(result.cause()).isInstanceOf(GuardTimeoutException.class);
    assertThat(cancelled).hasValue(1);
    clock.advanceMillis(5_000);
    loop.settle();
    assertThat(attempts).hasValue(2);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void a_timeout_inside_the_retry_bounds_each_attempt(Vertx vertx) {
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(3).fixedBackoff(ofMillis(100)))
        .timeout(ofMillis(50)));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> attempts.incrementAndGet() < 3
        ? Promise.<String>promise().future() : Future.succeededFuture("third time lucky")));
    for (int i = 0; i < 2; i++) {
      loop.settle();
      clock.advanceMillis(50);
      loop.settle();
      clock.advanceMillis(100);
    }
    loop.settle();

    assertThat(result.result()).isEqualTo("third time lucky");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void completes_on_the_caller_event_loop_after_retry_delays(Vertx vertx, VertxTestContext test) {
    completesOnCallerContext(vertx, OnContext.eventLoop(vertx).context(), test);
  }

  @Test
  void completes_on_the_caller_worker_context_after_retry_delays(Vertx vertx, VertxTestContext test) {
    completesOnCallerContext(vertx, OnContext.worker(vertx).context(), test);
  }

  private void completesOnCallerContext(Vertx vertx, Context caller, VertxTestContext test) {
    // The operation completes its futures on another event loop, so the retry must bring the result back.
    Context elsewhere = OnContext.eventLoop(vertx).context();
    List<Context> attemptContexts = new CopyOnWriteArrayList<>();
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.retry(r -> r.maxAttempts(3).fixedBackoff(ofMillis(2))));

    caller.runOnContext(v -> guard.execute(() -> {
      attemptContexts.add(Vertx.currentContext());
      int n = attempts.incrementAndGet();
      Promise<String> promise = Promise.promise();
      elsewhere.runOnContext(x -> {
        if (n < 3) {
          promise.fail(new IOException("down"));
        } else {
          promise.complete("ok");
        }
      });
      return promise.future();
    }).onComplete(test.succeeding(value -> test.verify(() -> {
      assertThat(value).isEqualTo("ok");
      assertThat(Vertx.currentContext()).isSameAs(caller);
      assertThat(attemptContexts).hasSize(3).allSatisfy(c -> assertThat(c).isSameAs(caller));
      test.completeNow();
    }))));
    awaitOrFail(test);
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static void awaitOrFail(VertxTestContext test) {
    try {
      assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).as("test completed").isTrue();
      if (test.failed()) {
        throw new AssertionError(test.causeOfFailure());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Number of attempts one call makes when every attempt fails with {@code failure}. */
  private int attemptsFor(Vertx vertx, Consumer<RetrySpec> block, Throwable failure) {
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(r -> {
      r.maxAttempts(3).fixedBackoff(Duration.ZERO);
      block.accept(r);
    }));
    OnContext loop = OnContext.eventLoop(vertx);
    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(failure);
    }));
    loop.settle();
    assertThat(result.cause()).isSameAs(failure);
    return attempts.get();
  }

  /** Advances the clock past {@code retries} pending retry delays, letting each attempt run. */
  private void advanceThroughRetries(OnContext loop, int retries) {
    for (int i = 0; i < retries; i++) {
      loop.settle();
      assertThat(clock.pendingDelays()).as("a retry is pending").hasSize(1);
      clock.advance(clock.pendingDelays().get(0));
    }
    loop.settle();
  }
}
