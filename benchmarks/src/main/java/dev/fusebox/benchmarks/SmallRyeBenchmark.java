package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.faulttolerance.standalone.StandaloneFaultTolerance;
import jakarta.enterprise.util.TypeLiteral;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * SmallRye Fault Tolerance 6.11.2 standalone, through its programmatic {@code TypedGuard} over
 * {@code CompletionStage<String>}, without thread offload (the call runs on the event loop that makes it).
 *
 * <p>Deviations from {@link Settings}:
 * <ul>
 *   <li>Its rolling window is a count window whose size is also the minimum number of calls
 *       ({@code requestVolumeThreshold}); set to {@link Settings#COUNT_WINDOW}, so the minimum is 100, not 20.</li>
 *   <li>No time window: there is no {@code closedTime} benchmark for SmallRye.</li>
 *   <li>Half-open: {@code successThreshold(3)}.</li>
 *   <li>Rejections are new {@link CircuitBreakerOpenException}s with stack traces (no setting).</li>
 *   <li>Composed: its order is fixed (fallback &gt; retry &gt; breaker &gt; timeout), which matches; the retry is
 *       {@code maxRetries(2)} (3 attempts) with an exponential backoff from 50 ms, factor 2, capped at 1 s, with
 *       its default 200 ms jitter turned off, aborting on rejections; the fallback applies to
 *       {@link CircuitBreakerOpenException} and {@link TimeoutException}. Its timeouts run on its own timer thread,
 *       not on Vert.x timers.</li>
 * </ul>
 */
public class SmallRyeBenchmark extends PeerBenchmark {

  private static final TypeLiteral<CompletionStage<String>> STAGE = new TypeLiteral<>() { };

  /** The guards of one fork. */
  @State(Scope.Benchmark)
  public static class Peer {
    Batch closedCount;
    Batch open;
    Batch composed;
    Batch contended;

    @Setup(Level.Trial)
    public void setUp() {
      Supplier<CompletionStage<String>> op = Settings.STAGE_OP;
      closedCount = batch("closedCount", breakerOnly(Settings.OPEN_FOR), op, Batch.Expect.VALUE);

      TypedGuard<CompletionStage<String>> tripped = breakerOnly(Settings.OPEN_FOR_REJECTION);
      for (int i = 0; i < Settings.COUNT_WINDOW; i++) {
        tripped.get(() -> CompletableFuture.failedFuture(Settings.BOOM));
      }
      CompletableFuture<String> probe = tripped.get(op).toCompletableFuture();
      if (!probe.isCompletedExceptionally()) {
        throw new IllegalStateException("the open scenario's breaker did not open");
      }
      open = batch("open", tripped, op, Batch.Expect.REJECTED);

      CompletionStage<String> fallbackValue = CompletableFuture.completedFuture(Settings.FALLBACK);
      TypedGuard<CompletionStage<String>> pipeline = TypedGuard.create(STAGE)
          .withFallback()
              .handler(() -> fallbackValue)
              .applyOn(List.of(CircuitBreakerOpenException.class, TimeoutException.class))
              .done()
          .withRetry()
              .maxRetries(Settings.MAX_ATTEMPTS - 1)
              .delay(Settings.BACKOFF_INITIAL.toMillis(), ChronoUnit.MILLIS)
              .jitter(0, ChronoUnit.MILLIS)
              .abortOn(CircuitBreakerOpenException.class)
              .withExponentialBackoff()
                  .factor(2)
                  .maxDelay(Settings.BACKOFF_MAX.toMillis(), ChronoUnit.MILLIS)
                  .done()
              .done()
          .withCircuitBreaker()
              .requestVolumeThreshold(Settings.COUNT_WINDOW)
              .failureRatio(Settings.FAILURE_RATE)
              .delay(Settings.OPEN_FOR.toMillis(), ChronoUnit.MILLIS)
              .successThreshold(Settings.HALF_OPEN_CALLS)
              .done()
          .withTimeout()
              .duration(Settings.TIMEOUT.toMillis(), ChronoUnit.MILLIS)
              .done()
          .build();
      composed = batch("composed", pipeline, op, Batch.Expect.VALUE);

      contended = batch("contended", breakerOnly(Settings.OPEN_FOR), op, Batch.Expect.VALUE);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
      StandaloneFaultTolerance.shutdown();
    }

    private static TypedGuard<CompletionStage<String>> breakerOnly(Duration openFor) {
      return TypedGuard.create(STAGE)
          .withCircuitBreaker()
              .requestVolumeThreshold(Settings.COUNT_WINDOW)
              .failureRatio(Settings.FAILURE_RATE)
              .delay(openFor.toMillis(), ChronoUnit.MILLIS)
              .successThreshold(Settings.HALF_OPEN_CALLS)
              .done()
          .build();
    }

    private static Batch batch(String name, TypedGuard<CompletionStage<String>> guard,
        Supplier<CompletionStage<String>> op, Batch.Expect expect) {
      return new Batch(name, expect, n -> {
        CompletionStage<String> last = null;
        for (int i = 0; i < n; i++) {
          last = guard.get(op);
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
