package dev.fusebox.testing;

import dev.fusebox.spi.Clock;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when a test says so, for testing code guarded by Fusebox without sleeping: pass it to
 * {@code GuardSpec.clock(..)} (and to shared policies' specs, or let them adopt the guard's), then drive windows,
 * open durations, backoff delays and timeouts with {@link #advance}.
 *
 * <p>How timers fire: {@link #advance} moves time to each due timer in deadline order (ties in scheduling order) and
 * <em>queues</em> its task on the Vert.x context it was scheduled on, with {@code runOnContext}; the task runs on
 * that context's thread, never on the test thread. So after {@code advance} returns, the timers' tasks are queued,
 * not necessarily run. To assert on their effect, run the assertion (or read the state) as a task on the same
 * context: a context runs its tasks in order, so that task sees everything the timers did. A timer scheduled for a
 * time at or before the current reading fires on the next {@code advance}, even {@code advance(Duration.ZERO)}.
 *
 * <p>Readings start at one second, so that no valid reading is 0; they only grow.
 *
 * <p>Thread-safe. Built for tests, not for the hot path: monitors guard the timer list and serialise advances, so
 * time never goes back.
 */
public final class ManualClock implements Clock {

  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<Timer> timers = new ArrayList<>();
  private final Object advancing = new Object();
  private long sequence;

  @Override
  public long nanoTime() {
    return now.get();
  }

  @Override
  public Cancellable schedule(Context context, Duration delay, Runnable task) {
    synchronized (timers) {
      Timer timer = new Timer(now.get() + delay.toNanos(), sequence++, context, task);
      timers.add(timer);
      timers.notifyAll();
      return () -> {
        synchronized (timers) {
          return timers.remove(timer);
        }
      };
    }
  }

  /** Moves time forward by {@code delta}, firing every timer that falls due, each on its context. */
  public void advance(Duration delta) {
    synchronized (advancing) {
      advanceLocked(delta);
    }
  }

  private void advanceLocked(Duration delta) {
    long target = now.get() + delta.toNanos();
    for (;;) {
      Timer next;
      synchronized (timers) {
        next = timers.stream()
            .filter(t -> t.dueNanos <= target)
            .min(Comparator.comparingLong(Timer::dueNanos).thenComparingLong(Timer::sequence))
            .orElse(null);
        if (next == null) {
          break;
        }
        timers.remove(next);
        now.set(Math.max(now.get(), next.dueNanos));
      }
      Timer fire = next;
      fire.context.runOnContext(v -> fire.task.run());
    }
    now.set(target);
  }

  /** Moves time forward by {@code millis} milliseconds. */
  public void advanceMillis(long millis) {
    advance(Duration.ofMillis(millis));
  }

  /** Timers scheduled and neither fired nor cancelled. */
  public int pendingTimers() {
    synchronized (timers) {
      return timers.size();
    }
  }

  /** Delays of the pending timers from now, in scheduling order. */
  public List<Duration> pendingDelays() {
    synchronized (timers) {
      long current = now.get();
      return timers.stream()
          .sorted(Comparator.comparingLong(Timer::sequence))
          .map(t -> Duration.ofNanos(t.dueNanos - current))
          .toList();
    }
  }

  /**
   * Blocks the calling (test) thread until a timer due exactly {@code delay} from now is pending, for at most
   * {@code within} of real time. Use it before {@link #advance} when the code under test arms its timer on another
   * thread: a guard's timeout is armed once the operation has returned its future, so an upstream can see the
   * request a moment before the timer exists, and an advance in that moment would be lost.
   *
   * @throws IllegalArgumentException if {@code delay} is negative or {@code within} is not positive
   * @throws AssertionError naming the pending delays if no such timer appears in time
   * @throws InterruptedException if the waiting thread is interrupted
   */
  public void awaitTimer(Duration delay, Duration within) throws InterruptedException {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, was " + delay);
    }
    if (within.isNegative() || within.isZero()) {
      throw new IllegalArgumentException("within must be positive, was " + within);
    }
    long giveUp = System.nanoTime() + within.toNanos();
    synchronized (timers) {
      for (;;) {
        long current = now.get();
        if (timers.stream().anyMatch(t -> t.dueNanos - current == delay.toNanos())) {
          return;
        }
        long left = giveUp - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("no timer due in " + delay + " appeared within " + within
              + "; pending: " + pendingDelays());
        }
        timers.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  private record Timer(long dueNanos, long sequence, Context context, Runnable task) {
  }
}
