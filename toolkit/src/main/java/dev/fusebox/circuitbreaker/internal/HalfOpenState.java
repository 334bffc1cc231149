package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * HALF_OPEN: at most {@code slots} probes per half-open period; {@code slots} successes close the breaker, one
 * failure reopens it. A probe that succeeds keeps its slot (so a period never admits more probes than it needs
 * successes); one whose outcome is ignored frees it. A probe slot whose holder has run longer than the probe timeout
 * can be taken over, so a probe that never completes cannot wedge the breaker.
 *
 * <p>Thread-safe and lock-free: slots are swapped by compare-and-set.
 */
final class HalfOpenState extends BreakerState {

  /** How many times in a row the breaker had opened before this half-open state. */
  final int openings;
  final AtomicInteger successes = new AtomicInteger();
  private final AtomicReferenceArray<Probe> slots;
  private final CircuitOpenException exception;
  /** What a slot holds once its probe succeeded: taken for the rest of the period, never taken over. */
  private final Probe succeeded;

  HalfOpenState(String name, Window window, int probes, int openings, Clock clock) {
    super(CircuitState.HALF_OPEN, window);
    this.openings = openings;
    this.slots = new AtomicReferenceArray<>(probes);
    this.exception = new CircuitOpenException(name, CircuitState.HALF_OPEN, clock.nanoTime(), clock);
    this.succeeded = new Probe(this, -1, 0);
  }

  /** Takes a free (or expired) probe slot, or returns null when all are busy. */
  Probe tryAcquire(long nowNanos, long probeTimeoutNanos) {
    for (int i = 0; i < slots.length(); i++) {
      Probe holder = slots.get(i);
      if (holder == null || holder != succeeded && nowNanos - holder.acquiredAtNanos >= probeTimeoutNanos) {
        Probe probe = new Probe(this, i, nowNanos);
        if (slots.compareAndSet(i, holder, probe)) {
          return probe;
        }
      }
    }
    return null;
  }

  /**
   * Ends the probe's hold on its slot: kept for the period when it {@code succeeded}, freed otherwise; false when
   * the slot was taken over after the probe timeout.
   */
  boolean release(Probe probe, boolean succeeded) {
    return slots.compareAndSet(probe.slot, probe, succeeded ? this.succeeded : null);
  }

  /** The rejection of this state: one exception for its whole lifetime, caching its failed future per context. */
  CircuitOpenException exception() {
    return exception;
  }
}
