package dev.fusebox.contract;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.Outcome;
import dev.fusebox.RejectedException;
import dev.fusebox.ValidationException;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.fallback.FallbackFailedException;
import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * One regression test per contract break the SPI redesign fixed (issue 9, items 1 to 6 and 8); each failed on the
 * code before it. Items 7 and 9 live with the Vert.x integration's tests.
 */
@ExtendWith(VertxExtension.class)
class ContractRegressionTest {

  /** An observer that records its callbacks and throws from the ones it is told to. */
  private static GuardObserver recording(String name, List<String> log, String throwIn) {
    return guard -> {
      if ("onStart".equals(throwIn)) {
        throw new IllegalStateException(name + " onStart");
      }
      return new ExecutionObserver() {
        @Override
        public Scope enter(int attempt) {
          log.add(name + ":enter");
          if ("enter".equals(throwIn)) {
            throw new IllegalStateException(name + " enter");
          }
          return () -> log.add(name + ":close");
        }

        @Override
        public void onEvent(dev.fusebox.spi.PolicyEvent event) {
          log.add(name + ":event");
          if ("onEvent".equals(throwIn)) {
            throw new IllegalStateException(name + " onEvent");
          }
        }

        @Override
        public void onEnd(Outcome outcome, Throwable failure, Duration elapsed) {
          log.add(name + ":end");
        }
      };
    };
  }

  @Nested
  class ObserversAreIsolated {

    @Test
    void an_observer_that_throws_in_enter_stops_neither_the_other_nor_its_scope_closing(Vertx vertx) {
      List<String> log = new CopyOnWriteArrayList<>();
      Guard<String> guard = Guard.of(vertx, "g", g -> g
          .observer(recording("tracing", log, null))
          .observer(recording("metrics", log, "enter"))
          .circuitBreaker(cb -> { }));
      result(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("ok"))));
      // the first observer's scope is closed although the second one threw after it was opened
      assertThat(log).containsSubsequence("tracing:enter", "metrics:enter", "tracing:close");
      assertThat(log).contains("tracing:event", "metrics:event", "tracing:end", "metrics:end");
    }

    @Test
    void an_observer_that_throws_on_start_leaves_the_call_observed_by_the_others(Vertx vertx) {
      List<String> log = new CopyOnWriteArrayList<>();
      Guard<String> guard = Guard.of(vertx, "g", g -> g
          .observer(recording("broken", log, "onStart"))
          .observer(recording("metrics", log, null)));
      result(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("ok"))));
      assertThat(log).containsExactly("metrics:enter", "metrics:close", "metrics:end");
    }

    @Test
    void an_observer_that_throws_on_events_does_not_keep_them_from_the_next(Vertx vertx) {
      List<String> log = new CopyOnWriteArrayList<>();
      Guard<String> guard = Guard.of(vertx, "g", g -> g
          .observer(recording("first", log, "onEvent"))
          .observer(recording("second", log, null))
          .circuitBreaker(cb -> { }));
      result(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("ok"))));
      assertThat(log).contains("first:event", "second:event", "second:end");
    }
  }

  @Nested
  class ResultsStayOnTheCallersContext {

    /** Calls {@code start} on a thread with no Vert.x context and records where its listener ran. */
    private Context completedOn(Supplier<Future<String>> start) throws Exception {
      CompletableFuture<Context> ran = new CompletableFuture<>();
      Thread caller = new Thread(() -> start.get().onComplete(ar -> ran.complete(Vertx.currentContext())));
      caller.start();
      return ran.get(5, TimeUnit.SECONDS);
    }

    @Test
    void an_already_completed_operation_completes_on_a_context_of_the_guard_when_called_off_context(Vertx vertx)
        throws Exception {
      Guard<String> guard = Guard.of(vertx, "g", g -> g.circuitBreaker(cb -> { }));
      assertThat(completedOn(() -> guard.execute(() -> Future.succeededFuture("done")))).isNotNull();
    }

    @Test
    void rejections_complete_on_a_context_of_the_guard_when_called_off_context(Vertx vertx) throws Exception {
      CircuitBreaker open = CircuitBreaker.ofDefaults("open");
      open.forceOpen();
      Guard<String> breaker = Guard.of(vertx, "b", g -> g.circuitBreaker(open));
      Bulkhead full = Bulkhead.of("full", b -> b.maxConcurrentCalls(1));
      Guard<String> bulkhead = Guard.of(vertx, "h", g -> g.bulkhead(full));
      on(vertx.getOrCreateContext(), () -> bulkhead.execute(() -> Promise.<String>promise().future()));
      RateLimiter spent = RateLimiter.of("spent", r -> r.rate(1, ofSeconds(60)));
      Guard<String> limiter = Guard.of(vertx, "l", g -> g.rateLimiter(spent));
      result(call(vertx.getOrCreateContext(), () -> limiter.execute(() -> Future.succeededFuture("first"))));

      assertThat(completedOn(() -> breaker.execute(() -> Future.succeededFuture("x")))).isNotNull();
      assertThat(completedOn(() -> bulkhead.execute(() -> Future.succeededFuture("x")))).isNotNull();
      assertThat(completedOn(() -> limiter.execute(() -> Future.succeededFuture("x")))).isNotNull();
    }

    @Test
    void a_shared_rejection_reaches_a_listener_attached_elsewhere_on_the_callers_context(Vertx vertx)
        throws Exception {
      CircuitBreaker open = CircuitBreaker.ofDefaults("open");
      open.forceOpen();
      Guard<String> guard = Guard.of(vertx, "g", g -> g.circuitBreaker(open));
      Context first = vertx.getOrCreateContext();
      Context second = ((io.vertx.core.internal.VertxInternal) vertx).createEventLoopContext();
      Future<String> onFirst = call(first, () -> guard.execute(() -> Future.succeededFuture("x")));
      Future<String> onSecond = call(second, () -> guard.execute(() -> Future.succeededFuture("x")));
      // listeners attached from the test thread run on each caller's own context
      CompletableFuture<Context> ranFirst = new CompletableFuture<>();
      CompletableFuture<Context> ranSecond = new CompletableFuture<>();
      onFirst.onComplete(ar -> ranFirst.complete(Vertx.currentContext()));
      onSecond.onComplete(ar -> ranSecond.complete(Vertx.currentContext()));
      assertThat(ranFirst.get(5, TimeUnit.SECONDS)).isSameAs(first);
      assertThat(ranSecond.get(5, TimeUnit.SECONDS)).isSameAs(second);
    }
  }

  @Nested
  class AnOuterTimeoutCancelsOnlyUnfinishedWork {

    @Test
    void finished_attempts_are_not_cancelled_and_the_attempt_in_flight_is(Vertx vertx) {
      ManualClock clock = new ManualClock();
      List<dev.fusebox.Attempt> attempts = new CopyOnWriteArrayList<>();
      AtomicInteger cancelHooks = new AtomicInteger();
      Promise<String> hung = Promise.promise();
      Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock)
          .timeout(ofSeconds(1))
          .retry(r -> r.maxAttempts(3).fixedBackoff(Duration.ZERO)));
      Context context = vertx.getOrCreateContext();
      Future<String> call = call(context, () -> guard.executeAttempt(attempt -> {
        attempts.add(attempt);
        attempt.onCancel(cancelHooks::incrementAndGet);
        return attempt.number() < 3 ? Future.failedFuture(new IOException("down")) : hung.future();
      }));
      for (int round = 0; round < 5; round++) {
        on(context, () -> { }); // zero-delay retries are queued on the context: let them run
      }
      assertThat(attempts).hasSize(3);
      on(context, () -> clock.advance(ofSeconds(1)));
      assertThat(failure(call)).isInstanceOf(GuardTimeoutException.class);
      // only the third attempt, still in flight, was abandoned
      assertThat(attempts).extracting(dev.fusebox.Attempt::isCancelled).containsExactly(false, false, true);
      assertThat(cancelHooks).hasValue(1);
    }

    @Test
    void a_finished_scope_drops_its_hooks_and_leaves_its_parent(Vertx vertx) {
      AttemptScope parent = AttemptScope.ROOT.child(1);
      AttemptScope child = parent.child(2);
      AtomicInteger ran = new AtomicInteger();
      child.onCancel(ran::incrementAndGet);
      child.finish();
      assertThat(parent.cancel()).isTrue();
      assertThat(child.isCancelled()).isFalse();
      assertThat(child.isFinished()).isTrue();
      assertThat(ran).hasValue(0);
    }
  }

  @Nested
  class AFallbackRefusedByAPolicyKeepsTheOriginal {

    @Test
    void the_caller_gets_both_the_rejection_and_the_original_failure(Vertx vertx) {
      CircuitBreaker cacheBreaker = CircuitBreaker.ofDefaults("cache");
      cacheBreaker.forceOpen();
      Guard<String> cache = Guard.of(vertx, "cache", g -> g.circuitBreaker(cacheBreaker));
      Guard<String> users = Guard.of(vertx, "users", g -> g.fallbackTo(
          failure -> cache.execute(() -> Future.succeededFuture("cached"))));
      IOException original = new IOException("upstream down");
      Throwable failure = failure(call(vertx.getOrCreateContext(),
          () -> users.execute(() -> Future.failedFuture(original))));
      assertThat(failure).isInstanceOf(FallbackFailedException.class);
      assertThat(failure.getCause()).isInstanceOf(CircuitOpenException.class);
      assertThat(((FallbackFailedException) failure).original()).isSameAs(original);
      assertThat(failure.getSuppressed()).containsExactly(original);
      // the shared rejection itself gained nothing
      assertThat(failure.getCause().getSuppressed()).isEmpty();
    }
  }

  @Nested
  class AClockReadingOfZeroIsAValidStart {

    @Test
    void a_call_starting_at_reading_zero_is_timed_and_counted_slow(Vertx vertx) {
      ZeroClock clock = new ZeroClock();
      CircuitBreaker breaker = CircuitBreaker.of("b", cb -> cb.clock(clock).countWindow(1).minimumCalls(1)
          .slowCallDuration(ofMillis(100)).slowCallRate(1.0));
      List<CircuitBreakerEvent> events = new CopyOnWriteArrayList<>();
      breaker.onEvent(events::add);
      Promise<String> slow = Promise.promise();
      Future<String> done = breaker.execute(slow::future);
      clock.now = 500_000_000L;
      slow.complete("late");
      result(done);
      assertThat(events).filteredOn(e -> e instanceof CircuitBreakerEvent.Success)
          .singleElement().satisfies(e -> assertThat(((CircuitBreakerEvent.Success) e).slow()).isTrue());
      assertThat(breaker.state()).isEqualTo(dev.fusebox.circuitbreaker.CircuitState.OPEN);
    }
  }

  /** A clock that reads 0 until told otherwise. */
  private static final class ZeroClock implements dev.fusebox.spi.Clock {
    volatile long now;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public Cancellable schedule(Context context, Duration delay, Runnable task) {
      return () -> false;
    }
  }

  @Nested
  class RetryAfterIsHonoured {

    /** A failure that asks for a wait. */
    static final class Throttled extends RuntimeException implements dev.fusebox.RetryAfterHint {
      final Duration wait;

      Throttled(Duration wait) {
        super("throttled", null, false, false);
        this.wait = wait;
      }

      @Override
      public Duration retryAfter() {
        return wait;
      }
    }

    @Test
    void a_hint_longer_than_the_retry_may_wait_ends_the_retries_with_that_failure(Vertx vertx) {
      ManualClock clock = new ManualClock();
      AtomicInteger attempts = new AtomicInteger();
      Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock)
          .retry(r -> r.maxAttempts(5).exponentialBackoff(ofMillis(100), ofSeconds(2))));
      Throwable failure = failure(call(vertx.getOrCreateContext(), () -> guard.execute(() -> {
        attempts.incrementAndGet();
        return Future.failedFuture(new Throttled(ofSeconds(30)));
      })));
      assertThat(failure).isInstanceOf(Throttled.class);
      assertThat(attempts).hasValue(1);
      assertThat(clock.pendingTimers()).isZero();
    }

    @Test
    void jitter_never_shortens_a_hint(Vertx vertx) {
      ManualClock clock = new ManualClock();
      Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock).random(new java.util.Random(7))
          .retry(r -> r.maxAttempts(2).exponentialBackoff(ofMillis(100), ofSeconds(5)).jitter(1.0)));
      Context context = vertx.getOrCreateContext();
      AtomicInteger attempts = new AtomicInteger();
      call(context, () -> guard.execute(() -> attempts.incrementAndGet() == 1
          ? Future.failedFuture(new Throttled(ofSeconds(2))) : Future.succeededFuture("ok")));
      on(context, () -> { });
      assertThat(clock.pendingDelays()).singleElement().satisfies(d -> assertThat(d).isGreaterThanOrEqualTo(
          ofSeconds(2)));
    }
  }

  @Nested
  class CompositionMistakesAreRefused {

    @Test
    void a_fallback_inside_the_breaker_it_should_cover(Vertx vertx) {
      assertThatThrownBy(() -> Guard.of(vertx, "g", g -> g
          .circuitBreaker(cb -> { }).fallback(f -> f.value("x"))))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("must not list fallback inside circuitBreaker")
          .hasMessageContaining("list fallback(..) before circuitBreaker(..)");
    }

    @Test
    void two_retries(Vertx vertx) {
      assertThatThrownBy(() -> Guard.of(vertx, "g", g -> g.retry(r -> { }).retry(r -> { })))
          .isInstanceOf(ValidationException.class).hasMessageContaining("must not have two retry policies");
    }

    @Test
    void two_timeouts_with_nothing_between_them_but_not_around_a_retry(Vertx vertx) {
      assertThatThrownBy(() -> Guard.of(vertx, "g", g -> g.timeout(ofSeconds(2)).timeout(ofSeconds(1))))
          .isInstanceOf(ValidationException.class).hasMessageContaining("the shorter one always wins");
      // an overall deadline outside a retry and a per-attempt timeout inside it are legal
      Guard<String> legal = Guard.of(vertx, "g", g -> g.timeout(ofSeconds(2)).retry(r -> { })
          .timeout(ofMillis(500)));
      assertThat(legal.composition()).extracting(p -> p.kind()).containsExactly("timeout", "retry", "timeout");
    }
  }

  @Test
  void rejections_carry_their_http_status_hint() {
    assertThat(new BulkheadFullException("b", 1, 0, false).httpStatus()).isEqualTo(429);
    CircuitBreaker open = CircuitBreaker.ofDefaults("open");
    open.forceOpen();
    RejectedException rejection = (RejectedException) failure(open.execute(() -> Future.succeededFuture("x")));
    assertThat(rejection.httpStatus()).isEqualTo(503);
    assertThat(rejection.policyKind()).isEqualTo("circuitBreaker");
  }
}
