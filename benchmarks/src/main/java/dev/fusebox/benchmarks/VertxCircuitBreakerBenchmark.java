package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import io.vertx.circuitbreaker.CircuitBreaker;
import io.vertx.circuitbreaker.CircuitBreakerOptions;
import io.vertx.circuitbreaker.CircuitBreakerState;
import io.vertx.circuitbreaker.RetryPolicy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * vertx-circuit-breaker (version from the Vert.x BOM) through {@code execute(Supplier<Future<T>>)}.
 *
 * <p>Deviations from {@link Settings}:
 * <ul>
 *   <li>No failure rate, no minimum number of calls, no count window: it opens after {@code maxFailures} failures
 *       inside {@code failuresRollingWindow}, and every success resets that count, so in effect it counts failures
 *       in a row. Set to {@link Settings#MINIMUM_CALLS} failures in a 10 s rolling window; {@code closedCount} and
 *       {@code closedTime} therefore run the same breaker configuration.</li>
 *   <li>Half-open lets exactly one probe through (no setting for 3).</li>
 *   <li>Event-bus notifications off ({@code notificationAddress(null)}): by default it publishes its state and
 *       keeps per-call metrics for them; Fusebox runs with no observer either.</li>
 *   <li>Breaker-only scenarios set {@code timeout(-1)}: by default it starts a 10 s timer per call.</li>
 *   <li>Composed: its own timeout (800 ms), {@code maxRetries(2)} (3 attempts) with its only exponential policy,
 *       {@code exponentialDelayWithJitter(50, 1000)} (jittered; Fusebox's is not), and a synchronous fallback
 *       function on every failure ({@code fallbackOnFailure(true)}); it cannot select failures by type. Its retries
 *       sit inside the breaker, not outside it.</li>
 *   <li>It completes every call's future in a further event-loop task (it re-dispatches the outcome with
 *       {@code runOnContext}); the driver waits for the last one of each batch.</li>
 * </ul>
 */
public class VertxCircuitBreakerBenchmark extends PeerBenchmark {

  /** The breakers of one fork. */
  @State(Scope.Benchmark)
  public static class Peer {
    Batch closedCount;
    Batch closedTime;
    Batch open;
    Batch composed;
    Batch contended;
    private final List<CircuitBreaker> created = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp(EventLoops loops) {
      Vertx vertx = loops.vertx();
      Supplier<Future<String>> op = Settings.VERTX_OP;
      closedCount = batch("closedCount", create("count", vertx, breakerOnly(Settings.OPEN_FOR)), op,
          Batch.Expect.VALUE);
      closedTime = batch("closedTime", create("time", vertx, breakerOnly(Settings.OPEN_FOR)), op,
          Batch.Expect.VALUE);

      CircuitBreaker tripped = create("open", vertx, breakerOnly(Settings.OPEN_FOR_REJECTION));
      tripped.open();
      if (tripped.state() != CircuitBreakerState.OPEN) {
        throw new IllegalStateException("the open scenario's breaker did not open: " + tripped.state());
      }
      open = batch("open", tripped, op, Batch.Expect.REJECTED);

      CircuitBreaker pipeline = create("composed", vertx, common(Settings.OPEN_FOR)
          .setTimeout(Settings.TIMEOUT.toMillis())
          .setMaxRetries(Settings.MAX_ATTEMPTS - 1)
          .setFallbackOnFailure(true));
      pipeline.retryPolicy(RetryPolicy.exponentialDelayWithJitter(Settings.BACKOFF_INITIAL.toMillis(),
          Settings.BACKOFF_MAX.toMillis()));
      composed = new Batch("composed", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = pipeline.executeWithFallback(op, failure -> Settings.FALLBACK);
        }
        return last;
      });

      contended = batch("contended", create("shared", vertx, breakerOnly(Settings.OPEN_FOR)), op,
          Batch.Expect.VALUE);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      created.forEach(CircuitBreaker::close);
    }

    private CircuitBreaker create(String name, Vertx vertx, CircuitBreakerOptions options) {
      CircuitBreaker breaker = CircuitBreaker.create(name, vertx, options);
      created.add(breaker);
      return breaker;
    }

    static CircuitBreakerOptions breakerOnly(Duration openFor) {
      return common(openFor).setTimeout(-1).setMaxRetries(0);
    }

    private static CircuitBreakerOptions common(Duration openFor) {
      return new CircuitBreakerOptions()
          .setMaxFailures(Settings.MINIMUM_CALLS)
          .setFailuresRollingWindow(Settings.TIME_WINDOW.toMillis())
          .setResetTimeout(openFor.toMillis())
          .setNotificationAddress(null);
    }

    private static Batch batch(String name, CircuitBreaker breaker, Supplier<Future<String>> op,
        Batch.Expect expect) {
      return new Batch(name, expect, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = breaker.execute(op);
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
