package dev.fusebox.limit.internal;

import dev.fusebox.Subscription;
import dev.fusebox.internal.Durations;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.limit.ConcurrencyLimitEvent;
import dev.fusebox.limit.ConcurrencyLimitMetrics;
import dev.fusebox.limit.ConcurrencyLimitSpec;
import dev.fusebox.limit.LimitExceededException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Listeners;
import dev.fusebox.ValidationException;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The adaptive limit: permits in an {@link AtomicInteger} taken by compare-and-set below the current limit; the
 * limit a double in an {@link AtomicLong} updated by compare-and-set from each completed call's sample.
 *
 * <p>AIMD: a drop multiplies the limit by {@code backoff}; a success while at least half the limit is in use adds
 * {@code 1 / limit} (so about one per limit's worth of calls, the TCP congestion-avoidance rule); as in TCP, one
 * decrease per round trip: a drop of a call that started before the last decrease is not applied again. Vegas: from the
 * lowest latency seen ({@code rttNoLoad}) and a sample's latency, the queue estimate is
 * {@code limit * (1 - rttNoLoad / rtt)}; below alpha (3 log10 limit) the limit grows by log10 limit, above beta
 * (6 log10 limit) it shrinks by it, per sample scaled by 1 / limit; a failure halves the growth. Gradient: from
 * the same lowest latency, the gradient {@code tolerance * rttNoLoad / rtt} in [0.5, 1] (0.5 for a drop) gives the
 * target {@code limit * gradient + log10(limit)} (the queue it allows); each sample moves the limit a fifth of
 * the way there divided by the limit, so about one round trip of samples moves it a fifth of the way.
 *
 * <p>Thread-safe and lock-free. The CAS lambdas have no side effects; the change event fires after.
 */
public final class ConcurrencyLimitImpl implements ConcurrencyLimit {

  /** The settings in force, swapped whole by {@link #apply}; read once per call. */
  private volatile LimitConfig config;
  private final Clock clock;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong limitBits;
  private final AtomicLong rttNoLoad = new AtomicLong(Long.MAX_VALUE);
  /** Clock reading of the last decrease: a drop by a call that started before it decides nothing more. */
  private final AtomicLong lastDecrease = new AtomicLong(Long.MIN_VALUE);
  private volatile long dropAboveNanos;
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder dropped = new LongAdder();
  private final Listeners<ConcurrencyLimitEvent> listeners;
  private volatile LimitExceededException rejection;

  public ConcurrencyLimitImpl(LimitConfig config, Clock own) {
    this.config = config;
    this.clock = new SharedClock("concurrency limit", config.name(), own);
    this.limitBits = new AtomicLong(Double.doubleToRawLongBits(config.initialLimit()));
    this.dropAboveNanos = config.dropAbove() == null ? Long.MAX_VALUE : Durations.toNanos(config.dropAbove());
    this.listeners = new Listeners<>("concurrency limit", config.name());
    this.rejection = new LimitExceededException(config.name(), config.initialLimit());
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public int limit() {
    return (int) Double.longBitsToDouble(limitBits.get());
  }

  @Override
  public ConcurrencyLimitMetrics metrics() {
    return new ConcurrencyLimitMetrics(limit(), inFlight.get(), permitted.sum(), rejected.sum(), dropped.sum());
  }

  @Override
  public Subscription onEvent(Consumer<? super ConcurrencyLimitEvent> listener) {
    return listeners.add(listener);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return stageIn(context, next, false);
  }

  /** The stage of this limit in the guard of {@code context}, whose clock it adopts unless it has its own. */
  Stage stageIn(PolicyContext context, Stage next, boolean owned) {
    ((SharedClock) clock).adopt(context.clock());
    return stage(next, owned);
  }

  /** The stage of this limit in a guard; {@code owned} when the guard created the limit for itself. */
  Stage stage(Stage next, boolean owned) {
    return new LimitStage(next, owned);
  }

  /**
   * Runs with {@code next}'s settings (its name kept) from now on, without dropping a permit: calls in flight keep
   * theirs; the current limit is kept, brought within the new {@code minLimit}..{@code maxLimit}, and adapts by the
   * new algorithm from there.
   */
  void apply(LimitConfig next) {
    LimitConfig renamed = next.withName(config.name());
    config = renamed;
    dropAboveNanos = renamed.dropAbove() == null ? Long.MAX_VALUE : Durations.toNanos(renamed.dropAbove());
    for (;;) {
      long bits = limitBits.get();
      double limit = Double.longBitsToDouble(bits);
      double clamped = clamp(limit);
      if (clamped == limit) {
        return;
      }
      if (limitBits.compareAndSet(bits, Double.doubleToRawLongBits(clamped))) {
        if ((int) clamped != (int) limit) {
          changed((int) limit, (int) clamped);
        }
        return;
      }
    }
  }

  /** The stage: a permit below the limit, or a rejection carrying the limit. */
  private final class LimitStage implements Stage, Reconfigurable {
    private final Stage next;
    private final boolean owned;

    LimitStage(Stage next, boolean owned) {
      this.next = next;
      this.owned = owned;
    }

    @Override
    public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
      long start = tryAcquire();
      if (start == Long.MIN_VALUE) {
        return execution.reject(currentRejection());
      }
      Future<T> result = next.run(execution, scope);
      if (result.isComplete()) {
        release(start, result.failed());
      } else {
        result.onComplete((v, failure) -> {
          if (execution.cancelledByCaller()) {
            // An attempt its caller abandoned says nothing about the dependency's capacity: the permit only.
            inFlight.decrementAndGet();
          } else {
            release(start, failure != null);
          }
        });
      }
      return result;
    }

    @Override
    public Object policy() {
      return ConcurrencyLimitImpl.this;
    }

    @Override
    public Policy reconfigure(Policy replacement) {
      ConcurrencyLimitImpl limiter = ConcurrencyLimitImpl.this;
      if (replacement == limiter) {
        return new CarryOver(limiter, null, false);
      }
      if (owned && replacement instanceof ConcurrencyLimitTemplate template) {
        return new CarryOver(limiter, template.config(), true);
      }
      throw new ValidationException("limit", "must stay " + (owned ? "settings of the guard's own limit"
          : "the shared limit '" + name() + "'") + " at a reload, so its permits and limit are kept",
          replacement.toString());
    }
  }

  /** Builds the successor stage on the same limit, applying the new settings first when there are any. */
  private record CarryOver(ConcurrencyLimitImpl limiter, LimitConfig settings, boolean owned)
      implements Policy {
    @Override
    public String kind() {
      return limiter.kind();
    }

    @Override
    public Stage createStage(PolicyContext context, Stage next) {
      if (settings != null) {
        limiter.apply(settings);
      }
      return limiter.stage(next, owned);
    }
  }

  @Override
  public long tryAcquire() {
    int max = limit();
    for (;;) {
      int current = inFlight.get();
      if (current >= max) {
        rejected.increment();
        return Long.MIN_VALUE;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        permitted.increment();
        return clock.nanoTime();
      }
    }
  }

  @Override
  public void release(long startNanos, boolean failed) {
    int inUse = inFlight.getAndDecrement();
    long now = clock.nanoTime();
    long rtt = now - startNanos;
    boolean drop = failed || rtt > dropAboveNanos;
    if (drop) {
      dropped.increment();
      long last = lastDecrease.get();
      if (startNanos <= last || !lastDecrease.compareAndSet(last, now)) {
        // One decrease per round trip: calls in flight when the limit was cut say nothing new.
        return;
      }
    }
    if (config.algorithm() != ConcurrencyLimitSpec.Algorithm.AIMD && !failed && rtt > 0) {
      long seen;
      while (rtt < (seen = rttNoLoad.get()) && !rttNoLoad.compareAndSet(seen, rtt)) {
        // retry
      }
    }
    for (;;) {
      long bits = limitBits.get();
      double limit = Double.longBitsToDouble(bits);
      double next = clamp(update(limit, rtt, inUse, drop));
      if (next == limit) {
        return;
      }
      if (limitBits.compareAndSet(bits, Double.doubleToRawLongBits(next))) {
        if ((int) next != (int) limit) {
          changed((int) limit, (int) next);
        }
        return;
      }
    }
  }

  private double update(double limit, long rtt, int inUse, boolean drop) {
    LimitConfig config = this.config;
    if (config.algorithm() == ConcurrencyLimitSpec.Algorithm.AIMD) {
      if (drop) {
        return limit * config.backoff();
      }
      return inUse * 2 >= limit ? limit + 1 / limit : limit;
    }
    long noLoad = rttNoLoad.get();
    if (noLoad == Long.MAX_VALUE || rtt <= 0) {
      return limit;
    }
    if (config.algorithm() == ConcurrencyLimitSpec.Algorithm.GRADIENT) {
      double gradient = drop ? 0.5
          : Math.max(0.5, Math.min(1.0, ConcurrencyLimitSpec.GRADIENT_TOLERANCE * noLoad / rtt));
      if (gradient == 1.0 && inUse * 2 < limit) {
        return limit; // not using half of it: no evidence the limit is too low
      }
      double target = limit * gradient + Math.max(1, Math.log10(limit));
      // A limit's worth of samples (about one round trip) moves it a fifth of the way: samples of calls that
      // started under the old limit must not each apply the same verdict.
      return limit + (target - limit) * 0.2 / limit;
    }
    double log = Math.max(1, Math.log10(limit));
    double queue = limit * (1 - (double) noLoad / rtt);
    if (drop) {
      return limit - log / limit * limit / 2;
    }
    if (queue < 3 * log && inUse * 2 >= limit) {
      return limit + log / limit;
    }
    if (queue > 6 * log) {
      return limit - log / limit;
    }
    return limit;
  }

  private double clamp(double limit) {
    LimitConfig config = this.config;
    return Math.max(config.minLimit(), Math.min(config.maxLimit(), limit));
  }

  private void changed(int from, int to) {
    rejection = new LimitExceededException(config.name(), to);
    if (!listeners.isEmpty()) {
      listeners.fire(new ConcurrencyLimitEvent.LimitChanged(config.name(), from, to));
    }
  }

  private LimitExceededException currentRejection() {
    return rejection;
  }

  @Override
  public String toString() {
    return "ConcurrencyLimit[" + config.name() + ", " + config.algorithm() + ", limit=" + limit() + "]";
  }
}
