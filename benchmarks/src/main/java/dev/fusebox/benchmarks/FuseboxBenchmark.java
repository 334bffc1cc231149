package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.circuitbreaker.CircuitState;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.function.Function;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Fusebox, the reference: it takes {@link Settings} as they are.
 *
 * <p>Deviations: none. Each scenario is measured twice, through the breaker's own
 * {@link CircuitBreaker#execute(Supplier)} ({@code _breaker}) and through a {@link Guard} holding only that breaker
 * ({@code _guard}, which adds the caller's-context promise). The open scenario's breakers are tripped by
 * {@link Settings#MINIMUM_CALLS} failures and stay open for {@link Settings#OPEN_FOR_REJECTION}, like every peer's.
 * No observer and no listener is registered (none of the peers has one either).
 *
 * <p>{@code open_forced} is a diagnostic, not a peer comparison: a FORCED_OPEN breaker rejects without reading the
 * clock, so the gap between it and {@code open_breaker} is what the OPEN state's clock read costs per rejection.
 */
public class FuseboxBenchmark extends PeerBenchmark {

  /** The breakers and guards of one fork. */
  @State(Scope.Benchmark)
  public static class Peer {
    Batch closedCountBreaker;
    Batch closedCountGuard;
    Batch closedTimeBreaker;
    Batch closedTimeGuard;
    Batch closedCountBoundGuard;
    Batch closedTimeBoundGuard;
    Batch openBreaker;
    Batch openGuard;
    Batch openForced;
    Batch composed;
    Batch contendedBreaker;
    Batch contendedGuard;
    Batch hedgeSuccess;
    Batch limiterSuccess;

    @Setup(Level.Trial)
    public void setUp(EventLoops loops) {
      Vertx vertx = loops.vertx();
      Supplier<Future<String>> op = Settings.VERTX_OP;

      CircuitBreaker countBreaker = CircuitBreaker.of("count", Peer::countWindow);
      CircuitBreaker timeBreaker = CircuitBreaker.of("time", Peer::timeWindow);
      Guard<String> countGuard = Guard.of(vertx, "count-guard", g -> g.circuitBreaker(Peer::countWindow));
      Guard<String> timeGuard = Guard.of(vertx, "time-guard", g -> g.circuitBreaker(Peer::timeWindow));
      closedCountBreaker = breakerBatch("closedCount_breaker", countBreaker, op, Batch.Expect.VALUE);
      closedCountGuard = guardBatch("closedCount_guard", countGuard, op, Batch.Expect.VALUE);
      closedTimeBreaker = breakerBatch("closedTime_breaker", timeBreaker, op, Batch.Expect.VALUE);
      closedTimeGuard = guardBatch("closedTime_guard", timeGuard, op, Batch.Expect.VALUE);
      closedCountBoundGuard = guardBatch("closedCountBound_guard", countGuard, Settings.BOUND_OP, Batch.Expect.VALUE);
      closedTimeBoundGuard = guardBatch("closedTimeBound_guard", timeGuard, Settings.BOUND_OP, Batch.Expect.VALUE);

      CircuitBreaker tripped = CircuitBreaker.of("open", cb -> countWindow(cb).openFor(Settings.OPEN_FOR_REJECTION));
      // Tripped on an event loop, as a verticle's calls trip it: the open period then ends by a timer, and
      // rejections read no clock (off any context, every rejection would read it).
      loops.context(0).runOnContext(v -> {
        for (int i = 0; i < Settings.MINIMUM_CALLS; i++) {
          tripped.execute(() -> Future.failedFuture(Settings.BOOM));
        }
      });
      awaitState(tripped, CircuitState.OPEN);
      if (tripped.state() != CircuitState.OPEN) {
        throw new IllegalStateException("the open scenario's breaker did not open: " + tripped);
      }
      Guard<String> openGuard = Guard.of(vertx, "open-guard", g -> g.circuitBreaker(tripped));
      openBreaker = breakerBatch("open_breaker", tripped, op, Batch.Expect.REJECTED);
      this.openGuard = guardBatch("open_guard", openGuard, op, Batch.Expect.REJECTED);
      CircuitBreaker forced = CircuitBreaker.of("forced", Peer::countWindow);
      forced.forceOpen();
      openForced = breakerBatch("open_forced", forced, op, Batch.Expect.REJECTED);

      Future<String> fallbackValue = Future.succeededFuture(Settings.FALLBACK);
      Function<Throwable, Future<String>> fallback = failure -> fallbackValue;
      Guard<String> pipeline = Guard.of(vertx, "composed", g -> g
          .fallback(f -> f.on(CircuitOpenException.class, GuardTimeoutException.class))
          .retry(r -> r.maxAttempts(Settings.MAX_ATTEMPTS)
              .exponentialBackoff(Settings.BACKOFF_INITIAL, Settings.BACKOFF_MAX))
          .circuitBreaker(Peer::countWindow)
          .timeout(Settings.TIMEOUT));
      composed = new Batch("composed", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = pipeline.execute(op, fallback);
        }
        return last;
      });

      CircuitBreaker shared = CircuitBreaker.of("shared", Peer::countWindow);
      Guard<String> sharedGuard = Guard.of(vertx, "shared-guard", g -> g.circuitBreaker(shared));
      contendedBreaker = breakerBatch("contended_breaker", shared, op, Batch.Expect.VALUE);
      contendedGuard = guardBatch("contended_guard", sharedGuard, op, Batch.Expect.VALUE);

      // The operation answers at once, so no hedge fires: the cost of having the policy on the path.
      Guard<String> hedgeGuard = Guard.of(vertx, "hedge-guard", g -> g
          .hedge(h -> h.maxHedgedAttempts(1).delay(Settings.TIMEOUT)));
      hedgeSuccess = guardBatch("hedgeSuccess_guard", hedgeGuard, op, Batch.Expect.VALUE);
      Guard<String> limiterGuard = Guard.of(vertx, "limiter-guard", g -> g
          .concurrencyLimit(l -> l.aimd().initialLimit(100).maxLimit(1000)));
      limiterSuccess = guardBatch("limiterSuccess_guard", limiterGuard, op, Batch.Expect.VALUE);
    }

    private static void awaitState(CircuitBreaker breaker, CircuitState state) {
      long giveUp = System.nanoTime() + 5_000_000_000L;
      while (breaker.state() != state && System.nanoTime() < giveUp) {
        Thread.onSpinWait();
      }
    }

    static CircuitBreakerSpec countWindow(CircuitBreakerSpec cb) {
      return common(cb).countWindow(Settings.COUNT_WINDOW);
    }

    static CircuitBreakerSpec timeWindow(CircuitBreakerSpec cb) {
      return common(cb).window(Settings.TIME_WINDOW);
    }

    private static CircuitBreakerSpec common(CircuitBreakerSpec cb) {
      return cb.failureRate(Settings.FAILURE_RATE)
          .minimumCalls(Settings.MINIMUM_CALLS)
          .openFor(Settings.OPEN_FOR)
          .halfOpenCalls(Settings.HALF_OPEN_CALLS);
    }

    private static Batch breakerBatch(String name, CircuitBreaker breaker, Supplier<Future<String>> op,
        Batch.Expect expect) {
      return new Batch(name, expect, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = breaker.execute(op);
        }
        return last;
      });
    }

    private static Batch guardBatch(String name, Guard<String> guard, Supplier<Future<String>> op,
        Batch.Expect expect) {
      return new Batch(name, expect, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = guard.execute(op);
        }
        return last;
      });
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedCount_breaker(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedCountBreaker);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedCount_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedCountGuard);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedTime_breaker(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedTimeBreaker);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedTime_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedTimeGuard);
  }

  /** The closed count-window guard with an operation returning a future of the caller's context. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedCountBound_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedCountBoundGuard);
  }

  /** The closed time-window guard with an operation returning a future of the caller's context. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedTimeBound_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedTimeBoundGuard);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void open_breaker(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.openBreaker);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void open_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.openGuard);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void open_forced(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.openForced);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void composed(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.composed);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void contended_breaker(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.contendedBreaker);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void contended_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.contendedGuard);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void hedgeSuccess_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.hedgeSuccess);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void limiterSuccess_guard(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.limiterSuccess);
  }
}
