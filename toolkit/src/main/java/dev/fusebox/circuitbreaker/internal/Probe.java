package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitState;

/**
 * The permit of one half-open probe: which state admitted it, which slot it holds, and since when. Identity
 * matters: a slot reclaimed after the probe timeout holds a different probe, so the late one cannot free it.
 */
public final class Probe implements Permit {

  final HalfOpenState owner;
  final int slot;
  final long acquiredAtNanos;

  Probe(HalfOpenState owner, int slot, long acquiredAtNanos) {
    this.owner = owner;
    this.slot = slot;
    this.acquiredAtNanos = acquiredAtNanos;
  }

  /**
   * The half-open period that admitted this probe: the same object for every probe of one period, a new one after
   * the breaker reopens. For diagnostics and tests, which check the probe limit per period.
   */
  public Object halfOpenPeriod() {
    return owner;
  }

  @Override
  public CircuitState admittedIn() {
    return CircuitState.HALF_OPEN;
  }
}
