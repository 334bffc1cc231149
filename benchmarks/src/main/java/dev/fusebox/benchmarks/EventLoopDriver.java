package dev.fusebox.benchmarks;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Runs {@link Batch}es on one event-loop context for one benchmark thread: each JMH invocation accounts for one
 * batch of {@link Settings#BATCH} calls (hence {@code @OperationsPerInvocation(BATCH)}).
 *
 * <p>The loop is kept {@link #AHEAD} batches ahead of the benchmark thread, so it never sits idle waiting for the
 * next request; the benchmark thread parks meanwhile and is woken once per batch, which costs well under 1 ns per
 * call at this batch size. A batch counts as done when its last call's future has completed (libraries that
 * complete on a later event-loop task are waited for); the batch after it starts in a new event-loop task, so
 * timers and other tasks run in between. The batches left running
 * when an iteration ends are drained and not counted. The outcome of every batch's last call is checked: a
 * fallback or a rejection where a success was expected fails the benchmark at the end of the iteration, so a
 * misconfigured peer cannot post a good number.
 *
 * <p>Thread-safety: {@link #invoke} is called by the benchmark thread only; batches and completions run on the
 * event loop only; they meet through atomics and volatile fields.
 */
@State(Scope.Thread)
public class EventLoopDriver implements Runnable, Handler<Void> {

  /** Batches requested beyond the one the benchmark thread waits for. */
  static final int AHEAD = 3;

  private ContextInternal context;
  private Thread benchmarkThread;
  private volatile Batch batch;
  private final AtomicLong requested = new AtomicLong();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long completed;
  private volatile boolean waiting;
  private long consumed;

  // Event-loop side only.
  private long unexpected;
  private String lastUnexpected;
  private Object pending;
  private final Handler<AsyncResult<Object>> onVertxCompletion = ignored -> finishBatch(pending);
  private final BiConsumer<Object, Throwable> onStageCompletion = (value, failure) -> {
    if (context.isRunningOnContext()) {
      finishBatch(pending);
    } else {
      context.runOnContext(ignored -> finishBatch(pending));
    }
  };

  @Setup(Level.Trial)
  public void attach(EventLoops loops, ThreadParams thread) {
    context = loops.context(thread.getThreadIndex());
    benchmarkThread = Thread.currentThread();
  }

  /** Accounts for one batch of {@code calls} run on this thread's event loop; returns once it is done. */
  public void invoke(Batch calls) {
    if (batch != calls) {
      batch = calls;
    }
    long ticket = ++consumed;
    requested.set(ticket + AHEAD);
    wake();
    await(ticket);
  }

  /** Drains the batches still in flight and drops them from the count, then reports wrong outcomes. */
  @TearDown(Level.Iteration)
  public void drain() {
    if (batch == null) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long target = requested.get();
    while (completed < target) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("batches of '" + batch.name() + "' still running 30 s after the iteration"
            + " ended: " + completed + " of " + target + " done");
      }
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(1));
    }
    consumed = completed;
    long wrong = unexpected;
    if (wrong > 0) {
      unexpected = 0;
      throw new IllegalStateException(wrong + " batches of '" + batch.name() + "' did not end as expected ("
          + batch.expect() + "); last: " + lastUnexpected);
    }
  }

  private void wake() {
    if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
      context.executor().execute(this);
    }
  }

  /**
   * Parks until batch {@code ticket} is done. The thread parks at once rather than spinning: on a small machine
   * (or on hyper-threads of one core) a spinning benchmark thread slows the event loop it waits for.
   */
  private void await(long ticket) {
    while (completed < ticket) {
      waiting = true;
      if (completed < ticket) {
        LockSupport.parkNanos(this, TimeUnit.MICROSECONDS.toNanos(200));
      }
      waiting = false;
    }
  }

  /** Event loop: enter the context and run the next batch. */
  @Override
  public void run() {
    context.dispatch((Handler<Void>) this);
  }

  /** Event loop, inside the context: one batch. */
  @Override
  public void handle(Void ignored) {
    Batch current = batch;
    Object last;
    try {
      last = current.calls().apply(Settings.BATCH);
    } catch (Throwable t) {
      last = Future.failedFuture(t);
    }
    pending = last;
    if (last instanceof Future<?> future) {
      if (future.isComplete()) {
        finishBatch(last);
      } else {
        @SuppressWarnings("unchecked")
        Future<Object> any = (Future<Object>) future;
        any.onComplete(onVertxCompletion);
      }
    } else if (last instanceof CompletionStage<?> stage) {
      CompletableFuture<?> cf = stage.toCompletableFuture();
      if (cf.isDone()) {
        finishBatch(last);
      } else {
        @SuppressWarnings("unchecked")
        CompletionStage<Object> any = (CompletionStage<Object>) stage;
        any.whenComplete(onStageCompletion);
      }
    } else {
      finishBatch(last);
    }
  }

  private void finishBatch(Object last) {
    check(batch, last);
    completed = completed + 1;
    if (waiting) {
      LockSupport.unpark(benchmarkThread);
    }
    if (completed < requested.get()) {
      context.executor().execute(this);
      return;
    }
    scheduled.set(false);
    if (completed < requested.get() && scheduled.compareAndSet(false, true)) {
      context.executor().execute(this);
    }
  }

  private void check(Batch current, Object last) {
    boolean ok;
    Object value = null;
    Throwable failure = null;
    if (last instanceof Future<?> future) {
      value = future.result();
      failure = future.cause();
    } else if (last instanceof CompletionStage<?> stage) {
      CompletableFuture<?> cf = stage.toCompletableFuture();
      if (cf.isCompletedExceptionally()) {
        failure = cf.handle((v, t) -> t).getNow(null);
      } else {
        value = cf.getNow(null);
      }
    }
    ok = current.expect() == Batch.Expect.VALUE ? failure == null && Settings.VALUE.equals(value) : failure != null;
    if (!ok) {
      unexpected++;
      lastUnexpected = failure != null ? failure.toString() : String.valueOf(value);
    }
  }
}
