package dev.fusebox.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.spi.Clock;
import io.vertx.core.Context;
import java.time.Duration;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The clock of a policy that several guards can share (a breaker, a bulkhead, a rate limiter, a retry). Given its
 * own clock, the policy keeps it. Otherwise it runs on the system clock until the first guard it is composed into
 * {@linkplain #adopt adopts} it, and from then on on that guard's clock; a second guard with a different clock is a
 * configuration error, never a silent mix of two time lines.
 *
 * <p>Thread-safe: the adopted clock is published by compare-and-set.
 */
public final class SharedClock implements Clock {

  private static final VarHandle ADOPTED;

  static {
    try {
      ADOPTED = MethodHandles.lookup().findVarHandle(SharedClock.class, "adopted", Clock.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String kind;
  private final String name;
  private final Clock own;
  private volatile Clock adopted;

  /**
   * Creates the clock of the policy of {@code kind} named {@code name} (for messages: {@code circuit breaker 'x'});
   * {@code own} is the clock given to the policy explicitly, or null.
   */
  public SharedClock(String kind, String name, Clock own) {
    this.kind = kind;
    this.name = name;
    this.own = own;
  }

  private Clock current() {
    if (own != null) {
      return own;
    }
    Clock c = adopted;
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

  @Override
  public boolean deadlinesByTimer() {
    return current().deadlinesByTimer();
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
    if (ADOPTED.compareAndSet(this, null, guardClock)) {
      return guardClock != Clock.system();
    }
    Clock previous = adopted;
    if (previous != guardClock) {
      throw new ValidationException(kind + " '" + name + "'",
          "is shared by guards with different clocks; give it a clock of its own with .clock(..) or use one clock", guardClock.getClass().getSimpleName() + " after "
          + previous.getClass().getSimpleName());
    }
    return false;
  }
}
