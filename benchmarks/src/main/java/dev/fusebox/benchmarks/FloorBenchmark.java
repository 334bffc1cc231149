package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * The floors under every scenario: what the guarded operation and the harness cost with no resilience library at
 * all. {@code noBreaker*} run the bare operation in the same event-loop batches as the peers (so they include the
 * harness); the others run directly on the benchmark thread.
 */
public class FloorBenchmark extends PeerBenchmark {

  /** The bare operations, as batches. */
  @State(Scope.Benchmark)
  public static class Ops {
    Batch vertx;
    Batch stage;
    Batch bound;
    Batch counted;

    @Setup(Level.Trial)
    public void setUp() {
      Supplier<Future<String>> op = Settings.VERTX_OP;
      Supplier<CompletionStage<String>> stageOp = Settings.STAGE_OP;
      vertx = new Batch("noBreaker", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = op.get();
        }
        return last;
      });
      Supplier<Future<String>> boundOp = Settings.BOUND_OP;
      bound = new Batch("noBreaker_bound", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = boundOp.get();
        }
        return last;
      });
      // Each call also takes a ticket from one counter shared by every thread: what a window that keeps one exact
      // order of calls ("the last 100") pays at least, one read-modify-write of a shared cache line per call.
      AtomicLong tickets = new AtomicLong();
      counted = new Batch("sharedCounter", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          tickets.getAndIncrement();
          last = op.get();
        }
        return last;
      });
      stage = new Batch("noBreaker_stage", Batch.Expect.VALUE, n -> {
        CompletionStage<String> last = null;
        for (int i = 0; i < n; i++) {
          last = stageOp.get();
        }
        return last;
      });
    }
  }

  /** The clock read that time windows and slow-call detection pay for. */
  @Benchmark
  public long nanoTime() {
    return System.nanoTime();
  }

  /** The operation's own future: a Vert.x completed future. */
  @Benchmark
  public Future<String> completedFuture() {
    return Future.succeededFuture(Settings.VALUE);
  }

  /** The operation's own future for the {@code CompletionStage} libraries. */
  @Benchmark
  public CompletableFuture<String> completableFuture() {
    return CompletableFuture.completedFuture(Settings.VALUE);
  }

  /** The Vert.x operation called bare, in the peers' event-loop batches. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void noBreaker(Ops ops, EventLoopDriver loop) {
    loop.invoke(ops.vertx);
  }

  /** The context-bound Vert.x operation called bare: the floor of the {@code *Bound_guard} scenarios. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void noBreaker_bound(Ops ops, EventLoopDriver loop) {
    loop.invoke(ops.bound);
  }

  /** The {@code CompletionStage} operation called bare, in the peers' event-loop batches. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void noBreaker_stage(Ops ops, EventLoopDriver loop) {
    loop.invoke(ops.stage);
  }

  /** The bare operation on two event loops at once, the floor of the contended scenario. */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void noBreaker_contended(Ops ops, EventLoopDriver loop) {
    loop.invoke(ops.vertx);
  }

  /** The bare operation plus one ticket from a shared counter, on one event loop. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void sharedCounter(Ops ops, EventLoopDriver loop) {
    loop.invoke(ops.counted);
  }

  /**
   * The bare operation plus one ticket from a counter both event loops share: the floor of any breaker whose
   * window orders every call, as Fusebox's and Resilience4j's count windows do.
   */
  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void sharedCounter_contended(Ops ops, EventLoopDriver loop) {
    loop.invoke(ops.counted);
  }
}
