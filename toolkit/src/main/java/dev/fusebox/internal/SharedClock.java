package dev.fusebox.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.spi.Clock;
import io.vertx.core.Context;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The clock of a policy that several guards can share (a breaker, a bulkhead, a rate limiter, a retry). Given its
 * own clock, the policy keeps it. Otherwise it runs on the system clock until the first guard it is composed into
 * {@linkplain #adopt adopts} it, and from then on on that guard's clock; a second guard with a different clock is a
 * configuration error, never a silent mix of two time lines.
 *
 * <p>Thread-safe: the adopted clock is published by compare-and-set.
 */
public final class SharedClock implements Clock {

  private final String owner;
  private final Clock own;
  private final AtomicReference<Clock> adopted = new AtomicReference<>();

  /**
   * Creates the clock of the policy described by {@code owner} (for messages, e.g. {@code circuit breaker 'x'});
   * {@code own} is the clock given to the policy explicitly, or null.
   */
  public SharedClock(String owner, Clock own) {
    this.owner = owner;
    this.own = own;
  }

  private Clock current() {
    if (own != null) {
      return own;
    }
    Clock c = adopted.get();
    return c != null ? c : Clock.system();
  }

  @Override
  public long nanoTime() {
    return current().nanoTime();
  }

  @Override
  public Cancellable schedule(Context context, Duration delay, Runnable task) {
    return current().schedule(context, delay, task);
  }

  /**
   * Adopts the clock of a guard the policy is composed into.
   *
   * @return true when the policy must restart its time-based state, because it was built on the system clock and
   *     now runs on another one
   * @throws ValidationException when the policy already runs on another guard's clock
   */
  public boolean adopt(Clock guardClock) {
    if (own != null || guardClock == null) {
      return false;
    }
    if (adopted.compareAndSet(null, guardClock)) {
      return guardClock != Clock.system();
    }
    Clock previous = adopted.get();
    if (previous != guardClock) {
      throw new ValidationException(owner, "is shared by guards with different clocks; give it a clock of its own"
          + " with .clock(..) or use one clock", guardClock.getClass().getSimpleName() + " after "
          + previous.getClass().getSimpleName());
    }
    return false;
  }
}
