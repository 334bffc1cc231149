package dev.fusebox.benchmarks;

import dev.failsafe.spi.Scheduler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Failsafe {@link Scheduler} a Vert.x application would give it: work due now runs at once on the calling
 * thread (the event loop), delayed work (retry delays, timeouts) on a Vert.x timer of the caller's context. Without
 * it, Failsafe's async executions hop to the common fork-join pool.
 *
 * <p>Thread-safe.
 */
final class VertxScheduler implements Scheduler {

  private static final Task DONE = new Task(null, null);

  private final Vertx vertx;

  VertxScheduler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public ScheduledFuture<?> schedule(Callable<?> callable, long delay, TimeUnit unit) {
    if (delay <= 0) {
      call(callable);
      return DONE;
    }
    ContextInternal context = ContextInternal.current();
    if (context == null) {
      context = (ContextInternal) vertx.getOrCreateContext();
    }
    Task task = new Task(callable, vertx);
    task.timerId = context.setTimer(Math.max(1, unit.toMillis(delay)), task);
    return task;
  }

  private static void call(Callable<?> callable) {
    try {
      callable.call();
    } catch (Exception e) {
      // Failsafe's callables record their own failures; nothing reaches here but a bug of the caller's.
      throw new IllegalStateException(e);
    }
  }

  /** A pending timer, as the {@link ScheduledFuture} Failsafe cancels when the call finishes first. */
  private static final class Task implements ScheduledFuture<Object>, Handler<Long> {
    private final Callable<?> callable;
    private final Vertx vertx;
    private volatile long timerId;
    private volatile int state; // 0 pending, 1 done, 2 cancelled

    Task(Callable<?> callable, Vertx vertx) {
      this.callable = callable;
      this.vertx = vertx;
      this.state = callable == null ? 1 : 0;
    }

    @Override
    public void handle(Long id) {
      if (state == 0) {
        state = 1;
        call(callable);
      }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      if (state != 0) {
        return false;
      }
      state = 2;
      return vertx.cancelTimer(timerId);
    }

    @Override
    public boolean isCancelled() {
      return state == 2;
    }

    @Override
    public boolean isDone() {
      return state != 0;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }
  }
}
