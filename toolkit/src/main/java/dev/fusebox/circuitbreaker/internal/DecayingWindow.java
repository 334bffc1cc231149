package dev.fusebox.circuitbreaker.internal;

import java.util.concurrent.atomic.AtomicReference;

/**
 * Exponentially time-decayed sums of calls, failures and slow calls: every outcome's weight halves each
 * {@code halfLifeNanos}. Rates follow the recent past smoothly instead of jumping when a bucket drops out.
 *
 * <p>Thread-safe and lock-free: one immutable snapshot swapped by compare-and-set (one small allocation per call).
 */
final class DecayingWindow extends Window {

  private static final double LN2 = Math.log(2);

  private final double halfLifeNanos;
  private final AtomicReference<Sums> sums;

  DecayingWindow(long halfLifeNanos, long nowNanos) {
    this.halfLifeNanos = halfLifeNanos;
    this.sums = new AtomicReference<>(new Sums(0, 0, 0, nowNanos));
  }

  @Override
  boolean needsTime() {
    return true;
  }

  @Override
  double record(boolean failed, boolean slow, long nowNanos) {
    Sums current;
    Sums next;
    do {
      current = sums.get();
      Sums decayed = current.decayTo(nowNanos, halfLifeNanos);
      next = new Sums(decayed.calls + 1, decayed.failures + (failed ? 1 : 0), decayed.slowCalls + (slow ? 1 : 0),
          decayed.at);
    } while (!sums.compareAndSet(current, next));
    return next.calls;
  }

  @Override
  double calls(long nowNanos) {
    return sums.get().decayTo(nowNanos, halfLifeNanos).calls;
  }

  @Override
  double failures(long nowNanos) {
    return sums.get().decayTo(nowNanos, halfLifeNanos).failures;
  }

  @Override
  double slowCalls(long nowNanos) {
    return sums.get().decayTo(nowNanos, halfLifeNanos).slowCalls;
  }

  private record Sums(double calls, double failures, double slowCalls, long at) {
    Sums decayTo(long nowNanos, double halfLifeNanos) {
      long elapsed = nowNanos - at;
      if (elapsed <= 0) {
        return this;
      }
      double factor = Math.exp(-LN2 * elapsed / halfLifeNanos);
      return new Sums(calls * factor, failures * factor, slowCalls * factor, nowNanos);
    }
  }
}
