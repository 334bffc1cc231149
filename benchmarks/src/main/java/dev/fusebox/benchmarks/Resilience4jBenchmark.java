package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import io.github.resilience4j.core.CompletionStageUtils;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Resilience4j 2.4.0 through its {@code CompletionStage} decorators, decorated once and called per request.
 *
 * <p>Deviations from {@link Settings}:
 * <ul>
 *   <li>The time window is 10 one-second buckets, its only shape; Fusebox also uses 10 buckets.</li>
 *   <li>{@code writableStackTraceEnabled(false)}: rejections without a stack trace, as Fusebox's are (the default
 *       fills one in per rejection).</li>
 *   <li>The composed pipeline is fallback ({@code CompletionStageUtils.recover} on {@link CallNotPermittedException}
 *       and {@link TimeoutException}) → retry → breaker → time limiter, decorated in that order, as resilience4j-all's
 *       {@code Decorators} would (that module is not a dependency here). The time limiter and the retry schedule on a
 *       one-thread {@link ScheduledThreadPoolExecutor} with remove-on-cancel on: Resilience4j has no Vert.x
 *       timers, and its timeouts and retries complete on that thread, not on the caller's event loop.</li>
 *   <li>The retry does not retry rejections ({@code ignoreExceptions(CallNotPermittedException)}), like Fusebox's.</li>
 * </ul>
 */
public class Resilience4jBenchmark extends PeerBenchmark {

  /** The decorated suppliers of one fork. */
  @State(Scope.Benchmark)
  public static class Peer {
    Batch closedCount;
    Batch closedTime;
    Batch open;
    Batch composed;
    Batch contended;
    private ScheduledThreadPoolExecutor scheduler;

    @Setup(Level.Trial)
    public void setUp() {
      Supplier<CompletionStage<String>> op = Settings.STAGE_OP;
      closedCount = batch("closedCount", CircuitBreaker.of("count", countWindow(Settings.OPEN_FOR)), op,
          Batch.Expect.VALUE);
      closedTime = batch("closedTime", CircuitBreaker.of("time", timeWindow()), op, Batch.Expect.VALUE);

      CircuitBreaker tripped = CircuitBreaker.of("open", countWindow(Settings.OPEN_FOR_REJECTION));
      Supplier<CompletionStage<String>> failing =
          CircuitBreaker.decorateCompletionStage(tripped, () -> CompletableFuture.failedFuture(Settings.BOOM));
      for (int i = 0; i < Settings.MINIMUM_CALLS; i++) {
        failing.get();
      }
      if (tripped.getState() != CircuitBreaker.State.OPEN) {
        throw new IllegalStateException("the open scenario's breaker did not open: " + tripped.getState());
      }
      open = batch("open", tripped, op, Batch.Expect.REJECTED);

      scheduler = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "resilience4j-scheduler");
        t.setDaemon(true);
        return t;
      });
      scheduler.setRemoveOnCancelPolicy(true);
      TimeLimiter limiter = TimeLimiter.of("composed", TimeLimiterConfig.custom()
          .timeoutDuration(Settings.TIMEOUT).cancelRunningFuture(true).build());
      Retry retry = Retry.of("composed", RetryConfig.custom()
          .maxAttempts(Settings.MAX_ATTEMPTS)
          .intervalFunction(IntervalFunction.ofExponentialBackoff(Settings.BACKOFF_INITIAL, 2.0,
              Settings.BACKOFF_MAX))
          .ignoreExceptions(CallNotPermittedException.class)
          .build());
      CircuitBreaker breaker = CircuitBreaker.of("composed", countWindow(Settings.OPEN_FOR));
      Supplier<CompletionStage<String>> timed = TimeLimiter.decorateCompletionStage(limiter, scheduler, op);
      Supplier<CompletionStage<String>> guarded = CircuitBreaker.decorateCompletionStage(breaker, timed);
      Supplier<CompletionStage<String>> retried = Retry.decorateCompletionStage(retry, scheduler, guarded);
      Supplier<CompletionStage<String>> pipeline = CompletionStageUtils.recover(retried,
          List.of(CallNotPermittedException.class, TimeoutException.class), failure -> Settings.FALLBACK);
      composed = calls("composed", pipeline, Batch.Expect.VALUE);

      contended = batch("contended", CircuitBreaker.of("shared", countWindow(Settings.OPEN_FOR)), op,
          Batch.Expect.VALUE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      scheduler.shutdownNow();
    }

    static CircuitBreakerConfig countWindow(Duration openFor) {
      return common(openFor)
          .slidingWindowType(SlidingWindowType.COUNT_BASED)
          .slidingWindowSize(Settings.COUNT_WINDOW)
          .build();
    }

    static CircuitBreakerConfig timeWindow() {
      return common(Settings.OPEN_FOR)
          .slidingWindowType(SlidingWindowType.TIME_BASED)
          .slidingWindowSize((int) Settings.TIME_WINDOW.toSeconds())
          .build();
    }

    private static CircuitBreakerConfig.Builder common(Duration openFor) {
      return CircuitBreakerConfig.custom()
          .failureRateThreshold((float) (Settings.FAILURE_RATE * 100))
          .minimumNumberOfCalls(Settings.MINIMUM_CALLS)
          .waitDurationInOpenState(openFor)
          .permittedNumberOfCallsInHalfOpenState(Settings.HALF_OPEN_CALLS)
          .writableStackTraceEnabled(false);
    }

    private static Batch batch(String name, CircuitBreaker breaker, Supplier<CompletionStage<String>> op,
        Batch.Expect expect) {
      return calls(name, CircuitBreaker.decorateCompletionStage(breaker, op), expect);
    }

    private static Batch calls(String name, Supplier<CompletionStage<String>> decorated, Batch.Expect expect) {
      return new Batch(name, expect, n -> {
        CompletionStage<String> last = null;
        for (int i = 0; i < n; i++) {
          last = decorated.get();
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
