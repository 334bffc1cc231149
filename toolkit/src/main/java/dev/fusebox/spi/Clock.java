package dev.fusebox.spi;

import io.vertx.core.Context;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;

/**
 * The source of time for every policy: a monotonic nanosecond reading and one-shot timers on a Vert.x context.
 *
 * <p>Production code uses {@link #system()}, which reads {@link System#nanoTime()} and schedules Vert.x timers.
 * Tests replace it with a manual clock so windows, open durations, backoff delays and timeouts are exercised
 * deterministically, without sleeping.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Clock {

  /** Monotonic time in nanoseconds; only differences between two readings are meaningful. */
  long nanoTime();

  /**
   * Runs {@code task} on {@code context} once {@code delay} has elapsed. Never blocks.
   *
   * @return a handle whose {@link Cancellable#cancel()} prevents the task from running if it has not yet run
   */
  Cancellable schedule(Context context, Duration delay, Runnable task);

  /**
   * Whether a policy may learn that a deadline has passed from a timer scheduled on this clock, instead of reading
   * the clock at every call until it has. An open circuit breaker, for one, then rejects without a reading and
   * half-opens on the first call after its timer has run: at most a millisecond (timers are scheduled in whole
   * milliseconds, rounded up) plus the timer's event-loop latency after the open duration.
   *
   * <p>The system clock answers true: a reading costs 20 to 25 ns on a virtual machine, more than the rest of a
   * rejection. The default is false, which a manual clock needs: moving it must take effect for the very next call,
   * before any timer task has run.
   */
  default boolean deadlinesByTimer() {
    return false;
  }

  /** A scheduled task that can be called off. */
  @FunctionalInterface
  interface Cancellable {
    /** Prevents the task from running if it has not run yet; returns whether it was called off. */
    boolean cancel();
  }

  /** The real clock: {@link System#nanoTime()} and Vert.x timers on the given context. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** The real clock, as a singleton. */
  enum SystemClock implements Clock {
    INSTANCE;

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public boolean deadlinesByTimer() {
      return true;
    }

    @Override
    public Cancellable schedule(Context context, Duration delay, Runnable task) {
      ContextInternal ctx = (ContextInternal) context;
      long millis = Math.max(1, delay.toMillis());
      long id = ctx.setTimer(millis, ignored -> task.run());
      return () -> ctx.owner().cancelTimer(id);
    }
  }
}
