package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * HALF_OPEN: at most {@code slots} probes run at once; enough successes close the breaker, one failure reopens it.
 * A probe slot whose holder has run longer than the probe timeout can be taken over, so a probe that never
 * completes cannot wedge the breaker.
 *
 * <p>Thread-safe and lock-free: slots are swapped by compare-and-set.
 */
final class HalfOpenState extends BreakerState implements Rejection {

  /** How many times in a row the breaker had opened before this half-open state. */
  final int openings;
  final AtomicInteger successes = new AtomicInteger();
  private final AtomicReferenceArray<Probe> slots;
  private final CircuitOpenException exception;

  HalfOpenState(String name, Window window, int probes, int openings, Clock clock) {
    super(CircuitState.HALF_OPEN, window);
    this.openings = openings;
    this.slots = new AtomicReferenceArray<>(probes);
    this.exception = new CircuitOpenException(name, CircuitState.HALF_OPEN, clock.nanoTime(), clock);
  }

  /** Takes a free (or expired) probe slot, or returns null when all are busy. */
  Probe tryAcquire(long nowNanos, long probeTimeoutNanos) {
    for (int i = 0; i < slots.length(); i++) {
      Probe holder = slots.get(i);
      if (holder == null || nowNanos - holder.acquiredAtNanos >= probeTimeoutNanos) {
        Probe probe = new Probe(this, i, nowNanos);
        if (slots.compareAndSet(i, holder, probe)) {
          return probe;
        }
      }
    }
    return null;
  }

  /** Frees the probe's slot; false when the slot was taken over after the probe timeout. */
  boolean release(Probe probe) {
    return slots.compareAndSet(probe.slot, probe, null);
  }

  @Override
  public CircuitOpenException exception() {
    return exception;
  }
}
