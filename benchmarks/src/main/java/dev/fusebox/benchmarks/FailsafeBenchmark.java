package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import dev.failsafe.CircuitBreaker;
import dev.failsafe.CircuitBreakerBuilder;
import dev.failsafe.CircuitBreakerOpenException;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Fallback;
import dev.failsafe.RetryPolicy;
import dev.failsafe.Timeout;
import dev.failsafe.TimeoutExceededException;
import dev.failsafe.function.CheckedSupplier;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * Failsafe 3.3.2 through {@code getStageAsync}, with a {@link VertxScheduler} so that calls run on the event loop
 * that makes them and delays use Vert.x timers.
 *
 * <p>Deviations from {@link Settings}:
 * <ul>
 *   <li>Count window: {@code withFailureThreshold(50, 100)}, 50 failures among the last 100 calls; it has no
 *       separate minimum number of calls for a count window.</li>
 *   <li>Time window: {@code withFailureRateThreshold(50, 20, 10 s)}, which matches.</li>
 *   <li>Half-open: {@code withSuccessThreshold(3)}; it lets up to that many probes through.</li>
 *   <li>Rejections are new {@link CircuitBreakerOpenException}s with stack traces (no setting).</li>
 *   <li>Composed: {@code Failsafe.with(fallback, retry, breaker, timeout)}, outermost first like Fusebox; the
 *       fallback handles {@link CircuitBreakerOpenException} and {@link TimeoutExceededException}; the retry aborts
 *       on rejections; the timeout of an async execution is a Vert.x timer set and cancelled on every call.</li>
 * </ul>
 */
public class FailsafeBenchmark extends PeerBenchmark {

  /** The executors of one fork. */
  @State(Scope.Benchmark)
  public static class Peer {
    Batch closedCount;
    Batch closedTime;
    Batch open;
    Batch composed;
    Batch contended;

    @Setup(Level.Trial)
    public void setUp(EventLoops loops) {
      VertxScheduler scheduler = new VertxScheduler(loops.vertx());
      CheckedSupplier<CompletionStage<String>> op = Settings.STAGE_OP::get;

      closedCount = batch("closedCount", Failsafe.with(countWindow(Settings.OPEN_FOR).build()).with(scheduler),
          op, Batch.Expect.VALUE);
      closedTime = batch("closedTime", Failsafe.with(timeWindow().build()).with(scheduler), op,
          Batch.Expect.VALUE);

      CircuitBreaker<String> tripped = countWindow(Settings.OPEN_FOR_REJECTION).build();
      tripped.open();
      if (!tripped.isOpen()) {
        throw new IllegalStateException("the open scenario's breaker did not open: " + tripped.getState());
      }
      open = batch("open", Failsafe.with(tripped).with(scheduler), op, Batch.Expect.REJECTED);

      Fallback<String> fallback = Fallback.builder(Settings.FALLBACK)
          .handle(CircuitBreakerOpenException.class, TimeoutExceededException.class)
          .build();
      RetryPolicy<String> retry = RetryPolicy.<String>builder()
          .withMaxAttempts(Settings.MAX_ATTEMPTS)
          .withBackoff(Settings.BACKOFF_INITIAL, Settings.BACKOFF_MAX)
          .abortOn(CircuitBreakerOpenException.class)
          .build();
      Timeout<String> timeout = Timeout.of(Settings.TIMEOUT);
      FailsafeExecutor<String> pipeline =
          Failsafe.with(fallback, retry, countWindow(Settings.OPEN_FOR).build(), timeout).with(scheduler);
      composed = batch("composed", pipeline, op, Batch.Expect.VALUE);

      contended = batch("contended", Failsafe.with(countWindow(Settings.OPEN_FOR).build()).with(scheduler), op,
          Batch.Expect.VALUE);
    }

    static CircuitBreakerBuilder<String> countWindow(Duration openFor) {
      return CircuitBreaker.<String>builder()
          .withFailureThreshold((int) (Settings.FAILURE_RATE * Settings.COUNT_WINDOW), Settings.COUNT_WINDOW)
          .withDelay(openFor)
          .withSuccessThreshold(Settings.HALF_OPEN_CALLS);
    }

    static CircuitBreakerBuilder<String> timeWindow() {
      return CircuitBreaker.<String>builder()
          .withFailureRateThreshold((int) (Settings.FAILURE_RATE * 100), Settings.MINIMUM_CALLS,
              Settings.TIME_WINDOW)
          .withDelay(Settings.OPEN_FOR)
          .withSuccessThreshold(Settings.HALF_OPEN_CALLS);
    }

    private static Batch batch(String name, FailsafeExecutor<String> executor,
        CheckedSupplier<CompletionStage<String>> op, Batch.Expect expect) {
      return new Batch(name, expect, n -> {
        CompletionStage<String> last = null;
        for (int i = 0; i < n; i++) {
          last = executor.getStageAsync(op);
        }
        return last;
      });
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedCount(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedCount);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void closedTime(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.closedTime);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void open(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.open);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void composed(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.composed);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void contended(Peer peer, EventLoopDriver loop) {
    loop.invoke(peer.contended);
  }
}
