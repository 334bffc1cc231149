package dev.fusebox;

import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.testing.Await;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link Guard#start}: a call its caller can cancel, as a cancelled coroutine or a gone client needs. */
@ExtendWith(VertxExtension.class)
class GuardedCallTest {

  private final ManualClock clock = new ManualClock();
  private Context context;

  @BeforeEach
  void setUp(Vertx vertx) {
    context = vertx.getOrCreateContext();
  }

  @Test
  void cancelling_runs_the_attempts_hooks_fails_the_caller_at_once_and_starts_no_retry(Vertx vertx) {
    // given a retrying guard with a timeout far away, and an operation that never answers
    Guard<String> guard = Guard.of(vertx, "cancel", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(3).fixedBackoff(ofMillis(10)))
        .timeout(ofSeconds(60)));
    AtomicInteger attempts = new AtomicInteger();
    List<Integer> cancelled = new CopyOnWriteArrayList<>();
    GuardedCall<String> call = callOn(() -> guard.start(attempt -> {
      attempts.incrementAndGet();
      attempt.onCancel(() -> cancelled.add(attempt.number()));
      return Promise.<String>promise().future();
    }, null));
    // when the caller cancels it
    assertThat(call.cancel()).isTrue();
    // then the hook ran, the caller has a cancellation, the timeout is called off and no retry follows
    assertThat(cancelled).containsExactly(1);
    assertThat(failure(call.future())).isInstanceOf(CancellationException.class)
        .hasMessage("call of guard 'cancel' was cancelled by its caller");
    assertThat(call.cancel()).isFalse();
    Await.on(context, () -> clock.advance(ofSeconds(120)));
    Await.on(context, () -> { });
    assertThat(attempts.get()).isEqualTo(1);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void a_pending_retry_delay_is_called_off(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "delayed", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(3).fixedBackoff(ofSeconds(5))));
    AtomicInteger attempts = new AtomicInteger();
    GuardedCall<String> call = callOn(() -> guard.start(attempt -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }, null));
    assertThat(clock.pendingDelays()).containsExactly(ofSeconds(5));
    call.cancel();
    assertThat(clock.pendingTimers()).isZero();
    assertThat(failure(call.future())).isInstanceOf(CancellationException.class);
    assertThat(attempts.get()).isEqualTo(1);
  }

  @Test
  void a_completed_call_cannot_be_cancelled_and_keeps_its_result(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "done", g -> g.timeout(ofSeconds(1)));
    GuardedCall<String> call = callOn(() -> guard.start(attempt -> Future.succeededFuture("ok"), null));
    assertThat(result(call.future())).isEqualTo("ok");
    assertThat(call.cancel()).isFalse();
    assertThat(result(call.future())).isEqualTo("ok");
  }

  @Test
  void a_bulkhead_gets_its_permit_back_when_the_cancelled_attempt_ends(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("one", b -> b.maxConcurrentCalls(1));
    Guard<String> guard = Guard.of(vertx, "bulk", g -> g.clock(clock).bulkhead(bulkhead).timeout(ofSeconds(60)));
    GuardedCall<String> call = callOn(() -> guard.start(attempt -> {
      Promise<String> hung = Promise.promise();
      attempt.onCancel(() -> hung.tryFail(new CancellationException("reset")));
      return hung.future();
    }, null));
    call.cancel();
    assertThat(failure(call.future())).isInstanceOf(CancellationException.class);
    // then the next call gets the permit
    assertThat(result(Await.call(context, () -> guard.execute(() -> Future.succeededFuture("next")))))
        .isEqualTo("next");
  }

  @Test
  void a_breaker_does_not_count_the_attempt_its_caller_abandoned(Vertx vertx) {
    // given a breaker that opens on its first failure, and an attempt that fails once it is cancelled (a reset)
    CircuitBreaker breaker = CircuitBreaker.of("b", cb -> cb.countWindow(1).minimumCalls(1).failureRate(1.0));
    Guard<String> guard = Guard.of(vertx, "abandoned", g -> g.clock(clock).circuitBreaker(breaker));
    GuardedCall<String> call = callOn(() -> guard.start(attempt -> {
      Promise<String> hung = Promise.promise();
      attempt.onCancel(() -> hung.tryFail(new IOException("connection reset")));
      return hung.future();
    }, null));
    // when the caller cancels it
    call.cancel();
    failure(call.future());
    Await.on(context, () -> { });
    // then the breaker counted nothing and stays closed, while a real failure still counts
    assertThat(breaker.metrics().failedCalls()).isZero();
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    failure(Await.call(context, () -> guard.execute(() -> Future.failedFuture(new IOException("down")))));
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void an_adaptive_limit_gives_the_permit_back_without_cutting_its_limit(Vertx vertx) {
    ConcurrencyLimit limit = ConcurrencyLimit.of("l", l -> l.initialLimit(4).minLimit(1).maxLimit(8));
    Guard<String> guard = Guard.of(vertx, "limited", g -> g.clock(clock).concurrencyLimit(limit));
    GuardedCall<String> call = callOn(() -> guard.start(attempt -> {
      Promise<String> hung = Promise.promise();
      attempt.onCancel(() -> hung.tryFail(new IOException("connection reset")));
      return hung.future();
    }, null));
    assertThat(limit.metrics().inFlight()).isEqualTo(1);
    call.cancel();
    failure(call.future());
    Await.on(context, () -> { });
    assertThat(limit.metrics().inFlight()).isZero();
    assertThat(limit.metrics().dropped()).isZero();
    assertThat(limit.limit()).isEqualTo(4);
  }

  private <T> GuardedCall<T> callOn(java.util.function.Supplier<GuardedCall<T>> start) {
    Promise<GuardedCall<T>> started = Promise.promise();
    context.runOnContext(v -> started.complete(start.get()));
    return result(started.future());
  }
}
