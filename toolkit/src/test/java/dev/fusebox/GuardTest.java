package dev.fusebox;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.fallback.FallbackEvent;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.testing.OnContext;
import dev.fusebox.testing.OnContext.Completion;
import dev.fusebox.testing.StrictVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The guard's promises to its caller, on event-loop and worker contexts: completion on the caller's context after
 * every kind of outcome, never throwing, timeouts that cancel, fallbacks that keep the original failure. Runs under
 * a tight blocked-thread checker.
 */
class GuardTest {

  @RegisterExtension
  final StrictVertx strict = new StrictVertx();

  enum Kind { EVENT_LOOP, WORKER }

  private final ManualClock clock = new ManualClock();
  private Vertx vertx;
  private Context other;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    // created off any context, so it is a new context, never the caller's
    this.other = vertx.getOrCreateContext();
  }

  private Context context(Kind kind) throws Exception {
    return kind == Kind.EVENT_LOOP ? StrictVertx.eventLoop(vertx) : StrictVertx.worker(vertx);
  }

  /** A future of a different event loop than the caller's, completed there a little later. */
  private <T> Future<T> elsewhereLater(T value, Throwable failure) {
    Promise<T> promise = ((io.vertx.core.internal.ContextInternal) other).promise();
    other.runOnContext(v -> vertx.setTimer(1, id -> {
      assertThat(Vertx.currentContext()).isSameAs(other);
      if (failure == null) {
        promise.complete(value);
      } else {
        promise.fail(failure);
      }
    }));
    return promise.future();
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void successCompletesOnCallersContext(Kind kind) throws Exception {
    Context caller = context(kind);
    Guard<String> guard = Guard.of(vertx, "g", g -> g.circuitBreaker(cb -> { }).timeout(ofSeconds(5)));
    Completion<String> done = OnContext.run(caller, () -> guard.execute(() -> elsewhereLater("ok", null)));
    assertThat(done.value()).isEqualTo("ok");
    assertThat(done.completedOn()).isSameAs(caller);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void failureCompletesOnCallersContext(Kind kind) throws Exception {
    Context caller = context(kind);
    Guard<String> guard = Guard.of(vertx, "g", g -> g.circuitBreaker(cb -> { }));
    Completion<String> done =
        OnContext.run(caller, () -> guard.execute(() -> elsewhereLater(null, new IOException("down"))));
    assertThat(done.failure()).isInstanceOf(IOException.class);
    assertThat(done.completedOn()).isSameAs(caller);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void timeoutCompletesOnCallersContext(Kind kind) throws Exception {
    Context caller = context(kind);
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).timeout(ofMillis(800)));
    CompletableFuture<Completion<String>> pending =
        OnContext.start(caller, () -> guard.execute(() -> Promise.<String>promise().future()));
    awaitTimers(1);
    clock.advance(ofMillis(800));
    Completion<String> done = OnContext.await(pending);
    assertThat(done.failure()).isInstanceOfSatisfying(GuardTimeoutException.class, e -> {
      assertThat(e).isInstanceOf(TimeoutException.class);
      assertThat(e.guardName()).isEqualTo("users");
      assertThat(e.timeout()).isEqualTo(ofMillis(800));
      assertThat(e.getMessage()).isEqualTo("guard 'users' timed out after 800ms");
    });
    assertThat(done.completedOn()).isSameAs(caller);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void rejectionCompletesOnCallersContext(Kind kind) throws Exception {
    Context caller = context(kind);
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("shared");
    breaker.forceOpen();
    Guard<String> guard = Guard.of(vertx, "g", g -> g.circuitBreaker(breaker));
    Completion<String> done = OnContext.run(caller, () -> guard.execute(() -> Future.succeededFuture("never")));
    assertThat(done.failure()).isInstanceOf(CircuitOpenException.class);
    assertThat(done.completedOn()).isSameAs(caller);
  }

  @ParameterizedTest
  @EnumSource(Kind.class)
  void fallbackCompletesOnCallersContext(Kind kind) throws Exception {
    Context caller = context(kind);
    Guard<String> guard = Guard.of(vertx, "g", g -> g.fallback(f -> f.on(IOException.class)));
    Completion<String> done = OnContext.run(caller, () -> guard.execute(
        () -> elsewhereLater(null, new IOException("down")),
        failure -> elsewhereLater("cached", null)));
    assertThat(done.value()).isEqualTo("cached");
    assertThat(done.completedOn()).isSameAs(caller);
  }

  @Test
  void offContextCallsCompleteOnAContextOfTheGuardsVertx() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.timeout(ofSeconds(5)));
    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    guard.execute(() -> elsewhereLater("ok", null)).onComplete((v, t) -> completedOn.complete(Vertx.currentContext()));
    assertThat(completedOn.get(5, java.util.concurrent.TimeUnit.SECONDS)).isNotNull()
        .extracting(Context::owner).isSameAs(vertx);
  }

  @Test
  void operationThatThrowsOrReturnsNullBecomesAFailedFuture() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.circuitBreaker(cb -> { }).timeout(ofSeconds(1)));
    Context caller = vertx.getOrCreateContext();
    Completion<String> thrown = OnContext.run(caller, () -> guard.execute(() -> {
      throw new IllegalStateException("bug in operation");
    }));
    Completion<String> nulled = OnContext.run(caller, () -> guard.execute(() -> null));
    Completion<String> nullOp =
        OnContext.run(caller, () -> guard.execute((java.util.function.Supplier<Future<String>>) null));
    assertThat(thrown.failure()).hasMessage("bug in operation");
    assertThat(nulled.failure()).isInstanceOf(NullPointerException.class).hasMessageContaining("guard 'g'");
    assertThat(nullOp.failure()).isInstanceOf(NullPointerException.class).hasMessageContaining("is null");
  }

  @Test
  void timerIsCancelledWhenTheCallFinishesFirst() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock).timeout(ofSeconds(1)));
    Completion<String> done = OnContext.run(vertx.getOrCreateContext(), () -> guard.execute(() ->
        elsewhereLater("fast", null)));
    assertThat(done.value()).isEqualTo("fast");
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void alreadyCompletedOperationNeedsNoTimer() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock).timeout(ofSeconds(1)));
    OnContext.run(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("cached")));
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void timeoutRunsTheOperationsCancellationHookAndIgnoresItsLateResult() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock).timeout(ofMillis(100)));
    AtomicInteger cancelled = new AtomicInteger();
    Promise<String> hung = Promise.promise();
    CompletableFuture<Completion<String>> pending = OnContext.start(vertx.getOrCreateContext(),
        () -> guard.executeAttempt(attempt -> {
          attempt.onCancel(cancelled::incrementAndGet);
          return hung.future();
        }));
    awaitTimers(1);
    clock.advance(ofMillis(100));
    Completion<String> done = OnContext.await(pending);
    assertThat(done.failure()).isInstanceOf(GuardTimeoutException.class);
    assertThat(cancelled).hasValue(1);
    hung.complete("too late");
  }

  @Test
  void timedOutCallCountsAsExactlyOneFailure() throws Exception {
    CircuitBreaker breaker = CircuitBreaker.of("b", cb -> cb.clock(clock).countWindow(10).minimumCalls(10));
    Guard<String> guard = Guard.of(vertx, "g", g -> g.clock(clock).circuitBreaker(breaker).timeout(ofMillis(100)));
    Promise<String> hung = Promise.promise();
    CompletableFuture<Completion<String>> pending =
        OnContext.start(vertx.getOrCreateContext(), () -> guard.execute(hung::future));
    awaitTimers(1);
    clock.advance(ofMillis(100));
    OnContext.await(pending);
    hung.fail(new IOException("late failure"));
    assertThat(breaker.metrics().calls()).isEqualTo(1);
    assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void fallbackFailureKeepsTheOriginalAsSuppressed() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.fallbackTo(failure -> Future.failedFuture(
        new IllegalStateException("cache miss"))));
    IOException original = new IOException("upstream down");
    Completion<String> done = OnContext.run(vertx.getOrCreateContext(),
        () -> guard.execute(() -> Future.failedFuture(original)));
    assertThat(done.failure()).hasMessage("cache miss");
    assertThat(done.failure().getSuppressed()).containsExactly(original);
  }

  @Test
  void fallbackThatThrowsAlsoKeepsTheOriginal() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.fallback(f -> f.with(failure -> {
      throw new IllegalStateException("fallback bug");
    })));
    IOException original = new IOException("upstream down");
    Completion<String> done = OnContext.run(vertx.getOrCreateContext(),
        () -> guard.execute(() -> Future.failedFuture(original)));
    assertThat(done.failure()).hasMessage("fallback bug");
    assertThat(done.failure().getSuppressed()).containsExactly(original);
  }

  @Test
  void fallbackSelectsByTypeAndPredicate() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g.fallback(f -> f
        .on(CircuitOpenException.class)
        .when(t -> t.getMessage() != null && t.getMessage().startsWith("retryable"))
        .value("fallback")));
    Context caller = vertx.getOrCreateContext();
    assertThat(OnContext.run(caller, () -> guard.execute(() -> Future.failedFuture(
        new IOException("retryable: reset")))).value()).isEqualTo("fallback");
    assertThat(OnContext.run(caller, () -> guard.execute(() -> Future.failedFuture(
        new IOException("fatal")))).failure()).hasMessage("fatal");
  }

  @Test
  void perCallFallbackTakesPrecedenceAndWorksWithoutAFallbackPolicy() throws Exception {
    Guard<String> withPolicy = Guard.of(vertx, "g", g -> g.fallback(f -> f.value("from spec")));
    Guard<String> withoutPolicy = Guard.of(vertx, "g2", g -> g.timeout(ofSeconds(1)));
    Context caller = vertx.getOrCreateContext();
    assertThat(OnContext.run(caller, () -> withPolicy.execute(() -> Future.failedFuture(new IOException()),
        failure -> Future.succeededFuture("per call"))).value()).isEqualTo("per call");
    assertThat(OnContext.run(caller, () -> withPolicy.execute(() -> Future.failedFuture(new IOException())))
        .value()).isEqualTo("from spec");
    assertThat(OnContext.run(caller, () -> withoutPolicy.execute(() -> Future.failedFuture(new IOException()),
        failure -> Future.succeededFuture("per call"))).value()).isEqualTo("per call");
  }

  @Test
  void policiesAreListedOutermostFirst() throws Exception {
    // the fallback outside the breaker replaces its failures and rejections; the bulkhead outside both sees
    // only successes
    Bulkhead outer = Bulkhead.of("outer", b -> b.maxConcurrentCalls(1));
    CircuitBreaker inner = CircuitBreaker.of("inner", cb -> cb.countWindow(2).minimumCalls(2));
    Guard<String> guard = Guard.of(vertx, "g", g -> g
        .bulkhead(outer)
        .fallback(f -> f.value("fallback"))
        .circuitBreaker(inner));
    assertThat(guard.policies()).containsExactly(outer, inner);
    Context caller = vertx.getOrCreateContext();
    for (int i = 0; i < 3; i++) {
      assertThat(OnContext.run(caller, () -> guard.execute(() -> Future.failedFuture(new IOException())))
          .value()).isEqualTo("fallback");
    }
    assertThat(inner.state()).isEqualTo(CircuitState.OPEN);
    assertThat(outer.metrics().inFlight()).isZero();
  }

  @Test
  void sharedBreakerSeesCallsOfEveryGuard() throws Exception {
    CircuitBreaker shared = CircuitBreaker.of("user-api", cb -> cb.countWindow(4).minimumCalls(4));
    Guard<String> a = Guard.of(vertx, "a", g -> g.circuitBreaker(shared));
    Guard<Integer> b = Guard.of(vertx, "b", g -> g.circuitBreaker(shared));
    Context caller = vertx.getOrCreateContext();
    OnContext.run(caller, () -> a.execute(() -> Future.failedFuture(new IOException())));
    OnContext.run(caller, () -> b.execute(() -> Future.failedFuture(new IOException())));
    OnContext.run(caller, () -> a.execute(() -> Future.failedFuture(new IOException())));
    OnContext.run(caller, () -> b.execute(() -> Future.failedFuture(new IOException())));
    assertThat(shared.state()).isEqualTo(CircuitState.OPEN);
    assertThat(OnContext.run(caller, () -> b.execute(() -> Future.succeededFuture(1))).failure())
        .isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void observerSeesDecisionsAndOutcome() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CircuitBreaker breaker = CircuitBreaker.of("b", cb -> cb.countWindow(1).minimumCalls(1));
    Guard<String> guard = Guard.of(vertx, "g", g -> g
        .observer(name -> new ExecutionObserver() {
          @Override
          public Scope enter(int attempt) {
            seen.add("enter:" + attempt);
            return () -> seen.add("exit");
          }

          @Override
          public void onEvent(PolicyEvent event) {
            if (event instanceof CircuitBreakerEvent.Admitted a) {
              seen.add("admitted:" + a.state());
            } else if (event instanceof CircuitBreakerEvent.StateTransition t) {
              seen.add("transition:" + t.from() + "->" + t.to());
            } else if (event instanceof FallbackEvent.Invoked) {
              seen.add("fallback");
            }
          }

          @Override
          public void onEnd(Outcome outcome, Throwable failure, java.time.Duration elapsed) {
            seen.add("end:" + outcome.label());
          }
        })
        .fallback(f -> f.on(CircuitOpenException.class).value("cached"))
        .circuitBreaker(breaker));
    Context caller = vertx.getOrCreateContext();
    OnContext.run(caller, () -> guard.execute(() -> Future.failedFuture(new IOException())));
    OnContext.run(caller, () -> guard.execute(() -> Future.succeededFuture("x")));
    assertThat(seen).containsExactly(
        "admitted:CLOSED", "enter:1", "exit", "transition:CLOSED->OPEN", "end:failure",
        "fallback", "end:fallback");
  }

  @Test
  void throwingObserverNeverFailsTheCall() throws Exception {
    Guard<String> guard = Guard.of(vertx, "g", g -> g
        .observer(name -> new ExecutionObserver() {
          @Override
          public Scope enter(int attempt) {
            throw new IllegalStateException("observer bug");
          }

          @Override
          public void onEnd(Outcome outcome, Throwable failure, java.time.Duration elapsed) {
            throw new IllegalStateException("observer bug");
          }
        })
        .observer(name -> {
          throw new IllegalStateException("observer start bug");
        })
        .circuitBreaker(cb -> { }));
    assertThat(OnContext.run(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("ok")))
        .value()).isEqualTo("ok");
  }

  @Test
  void blockedThreadCheckerIsWatching() throws Exception {
    // The safety net of this suite must itself work: a task that blocks the event loop is reported.
    Context context = vertx.getOrCreateContext();
    CompletableFuture<Void> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      long until = System.nanoTime() + 200_000_000L;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      done.complete(null);
    });
    done.get(5, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(strict.blockedEvents()).isNotEmpty();
    strict.blockedEvents().clear();
  }

  private void awaitTimers(int count) throws InterruptedException {
    // The call starts on another thread; wait (bounded) until it has scheduled its timer.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (clock.pendingTimers() < count && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    assertThat(clock.pendingTimers()).isEqualTo(count);
  }
}
