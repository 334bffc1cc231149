package dev.fusebox.benchmarks;

import static dev.fusebox.benchmarks.Settings.BATCH;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * How the cost of one closed-path call grows with the work around it: the number of breakers in use, the number of
 * event loops calling them, and the number of calls in flight in one breaker. Fusebox only; the report prints each
 * curve with its max/min ratio (target: flat within 2×).
 *
 * <ul>
 *   <li>{@code breakers_*}: {@code breakers} count-window breakers (the configuration of
 *       {@link FuseboxBenchmark}'s rows), each call made on the next one of a precomputed pseudo-random order, so
 *       with many breakers every call finds its breaker cold in the cache (a sequential walk would let the prefetcher
 *       hide it). {@code _breaker} is {@link CircuitBreaker#execute} as in {@code closedCount_breaker};
 *       {@code _guard} is a {@link Guard} holding only its breaker, as in {@code closedCount_guard}.</li>
 *   <li>{@code breakersTwoLoops_*}: the same, on two event loops at once (per-thread ns/op), each loop walking the
 *       same breakers from a different point of the order; with one breaker this is the contended row.</li>
 *   <li>{@code breakers_stateRead}: a diagnostic, not a call: the same walk reading each breaker's
 *       {@link CircuitBreaker#state()} (the breaker, then its state object: two dependent loads). With many breakers
 *       successive reads are independent, so the processor overlaps their misses. {@code breakers_stateReadFenced}
 *       puts a full fence after each read, as the atomic add a call makes on its window's cursor is one on x86
 *       ({@code lock xadd}). {@code breakers_coldAdd} makes one atomic add per call on counters spaced a breaker's
 *       footprint apart, and nothing else.</li>
 *   <li>{@code inFlight_*}: one breaker (or guard) holding {@code inFlight} calls admitted and not completed, then
 *       the cost of a completed call through it.</li>
 * </ul>
 *
 * <p>The order is {@link #ORDER_LENGTH} indexes: shuffled permutations of all the breakers, back to back, so every
 * breaker is used equally and the working set is all of them. Reading the order costs the same at every size.
 */
public class ScaleBenchmark extends PeerBenchmark {

  /** Length of the index order: a power of two, at least the largest {@code breakers}. */
  static final int ORDER_LENGTH = 1 << 17;
  private static final long SEED = 0x5CA1EL;
  /** Longs from one counter of {@link Cells} to the next: 416 B. */
  static final int CELL_STRIDE = 52;
  private static final VarHandle CELL = MethodHandles.arrayElementVarHandle(long[].class);

  /** {@code breakers} bare breakers and the order they are called in. */
  @State(Scope.Benchmark)
  public static class Breakers {
    @Param({"1", "1000", "100000"})
    public int breakers;

    CircuitBreaker[] all;
    int[] order;

    @Setup(Level.Trial)
    public void setUp() {
      all = new CircuitBreaker[breakers];
      for (int i = 0; i < breakers; i++) {
        all[i] = CircuitBreaker.of("scale-" + i, FuseboxBenchmark.Peer::countWindow);
      }
      order = order(breakers);
    }
  }

  /** {@code breakers} guards, each holding its own breaker, and the order they are called in. */
  @State(Scope.Benchmark)
  public static class Guards {
    @Param({"1", "1000", "100000"})
    public int breakers;

    Guard<String>[] all;
    int[] order;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp(EventLoops loops) {
      Vertx vertx = loops.vertx();
      all = new Guard[breakers];
      for (int i = 0; i < breakers; i++) {
        all[i] = Guard.of(vertx, "scale-" + i, g -> g.circuitBreaker(FuseboxBenchmark.Peer::countWindow));
      }
      order = order(breakers);
    }
  }

  /** One benchmark thread's walk through the breakers: its cursor lives on that thread's event loop. */
  @State(Scope.Thread)
  public static class BreakerWalk {
    Batch batch;

    @Setup(Level.Trial)
    public void setUp(Breakers breakers, ThreadParams thread) {
      CircuitBreaker[] all = breakers.all;
      int[] order = breakers.order;
      Supplier<Future<String>> op = Settings.VERTX_OP;
      int[] cursor = {start(thread)};
      batch = new Batch("breakers_breaker", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        int at = cursor[0];
        for (int i = 0; i < n; i++) {
          last = all[order[at]].execute(op);
          at = (at + 1) & (ORDER_LENGTH - 1);
        }
        cursor[0] = at;
        return last;
      });
    }
  }

  /** One benchmark thread's walks reading the breakers' states, without and with a fence after each read. */
  @State(Scope.Thread)
  public static class StateWalk {
    Batch batch;
    Batch fencedBatch;
    /** How many CLOSED states the walks read, so the reads are not dead code. */
    long closed;

    @Setup(Level.Trial)
    public void setUp(Breakers breakers, ThreadParams thread) {
      batch = walk("breakers_stateRead", breakers, thread, false);
      fencedBatch = walk("breakers_stateReadFenced", breakers, thread, true);
    }

    private Batch walk(String name, Breakers breakers, ThreadParams thread, boolean fenced) {
      CircuitBreaker[] all = breakers.all;
      int[] order = breakers.order;
      Future<String> done = Future.succeededFuture(Settings.VALUE);
      int[] cursor = {start(thread)};
      return new Batch(name, Batch.Expect.VALUE, n -> {
        int at = cursor[0];
        long seen = 0;
        for (int i = 0; i < n; i++) {
          if (all[order[at]].state() == CircuitState.CLOSED) {
            seen++;
          }
          if (fenced) {
            VarHandle.fullFence();
          }
          at = (at + 1) & (ORDER_LENGTH - 1);
        }
        cursor[0] = at;
        closed += seen;
        return done;
      });
    }
  }

  /**
   * {@code breakers} counters, one {@code long} every {@link #CELL_STRIDE} longs (416 B, about one breaker's
   * footprint), so 100,000 of them span as much memory as 100,000 breakers: what one atomic add per call costs when
   * its line is cold, with nothing else of a call around it.
   */
  @State(Scope.Benchmark)
  public static class Cells {
    @Param({"1", "1000", "100000"})
    public int breakers;

    long[] cells;
    int[] order;

    @Setup(Level.Trial)
    public void setUp() {
      cells = new long[breakers * CELL_STRIDE];
      order = order(breakers);
    }
  }

  /** One benchmark thread's walk adding one to each counter, atomically. */
  @State(Scope.Thread)
  public static class CellWalk {
    Batch batch;

    @Setup(Level.Trial)
    public void setUp(Cells cells, ThreadParams thread) {
      long[] all = cells.cells;
      int[] order = cells.order;
      Future<String> done = Future.succeededFuture(Settings.VALUE);
      int[] cursor = {start(thread)};
      batch = new Batch("breakers_coldAdd", Batch.Expect.VALUE, n -> {
        int at = cursor[0];
        for (int i = 0; i < n; i++) {
          CELL.getAndAdd(all, order[at] * CELL_STRIDE, 1L);
          at = (at + 1) & (ORDER_LENGTH - 1);
        }
        cursor[0] = at;
        return done;
      });
    }
  }

  /** One benchmark thread's walk through the guards. */
  @State(Scope.Thread)
  public static class GuardWalk {
    Batch batch;

    @Setup(Level.Trial)
    public void setUp(Guards guards, ThreadParams thread) {
      Guard<String>[] all = guards.all;
      int[] order = guards.order;
      Supplier<Future<String>> op = Settings.VERTX_OP;
      int[] cursor = {start(thread)};
      batch = new Batch("breakers_guard", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        int at = cursor[0];
        for (int i = 0; i < n; i++) {
          last = all[order[at]].execute(op);
          at = (at + 1) & (ORDER_LENGTH - 1);
        }
        cursor[0] = at;
        return last;
      });
    }
  }

  /** One breaker and one guard, each with {@code inFlight} calls admitted on an event loop and never completed. */
  @State(Scope.Benchmark)
  public static class InFlight {
    @Param({"0", "10000"})
    public int inFlight;

    CircuitBreaker breaker;
    Guard<String> guard;
    /** The held calls' promises (kept reachable, never completed), the breaker's then the guard's. */
    Promise<String>[] held;
    Batch breakerBatch;
    Batch guardBatch;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp(EventLoops loops) throws InterruptedException {
      breaker = CircuitBreaker.of("in-flight", FuseboxBenchmark.Peer::countWindow);
      guard = Guard.of(loops.vertx(), "in-flight-guard", g -> g.circuitBreaker(FuseboxBenchmark.Peer::countWindow));
      held = new Promise[2 * inFlight];
      CountDownLatch admitted = new CountDownLatch(1);
      // Admitted on an event loop, as a verticle's calls are.
      loops.context(0).runOnContext(v -> {
        for (int i = 0; i < inFlight; i++) {
          Promise<String> forBreaker = Promise.promise();
          Promise<String> forGuard = Promise.promise();
          held[i] = forBreaker;
          held[inFlight + i] = forGuard;
          breaker.execute(forBreaker::future);
          guard.execute(forGuard::future);
        }
        admitted.countDown();
      });
      if (!admitted.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the " + inFlight + " in-flight calls were not admitted within 30 s");
      }
      Supplier<Future<String>> op = Settings.VERTX_OP;
      CircuitBreaker measured = breaker;
      breakerBatch = new Batch("inFlight_breaker", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = measured.execute(op);
        }
        return last;
      });
      Guard<String> measuredGuard = guard;
      guardBatch = new Batch("inFlight_guard", Batch.Expect.VALUE, n -> {
        Future<String> last = null;
        for (int i = 0; i < n; i++) {
          last = measuredGuard.execute(op);
        }
        return last;
      });
    }
  }

  /**
   * {@link #ORDER_LENGTH} indexes in {@code [0, n)}: shuffled permutations of {@code 0..n-1} back to back (the last
   * one cut short), the same every run.
   */
  static int[] order(int n) {
    int[] order = new int[ORDER_LENGTH];
    int[] permutation = new int[n];
    for (int i = 0; i < n; i++) {
      permutation[i] = i;
    }
    SplittableRandom random = new SplittableRandom(SEED);
    for (int filled = 0; filled < ORDER_LENGTH; filled += n) {
      for (int i = n - 1; i > 0; i--) {
        int j = random.nextInt(i + 1);
        int swap = permutation[i];
        permutation[i] = permutation[j];
        permutation[j] = swap;
      }
      System.arraycopy(permutation, 0, order, filled, Math.min(n, ORDER_LENGTH - filled));
    }
    return order;
  }

  /** Where a benchmark thread starts in the order: two threads half the order apart. */
  private static int start(ThreadParams thread) {
    return (thread.getThreadIndex() * (ORDER_LENGTH / 2)) & (ORDER_LENGTH - 1);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void breakers_breaker(BreakerWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void breakers_guard(GuardWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void breakers_stateRead(StateWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void breakers_stateReadFenced(StateWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.fencedBatch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void breakers_coldAdd(CellWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.batch);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void breakersTwoLoops_breaker(BreakerWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.batch);
  }

  @Benchmark
  @Threads(2)
  @OperationsPerInvocation(BATCH)
  public void breakersTwoLoops_guard(GuardWalk walk, EventLoopDriver loop) {
    loop.invoke(walk.batch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void inFlight_breaker(InFlight calls, EventLoopDriver loop) {
    loop.invoke(calls.breakerBatch);
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void inFlight_guard(InFlight calls, EventLoopDriver loop) {
    loop.invoke(calls.guardBatch);
  }
}
