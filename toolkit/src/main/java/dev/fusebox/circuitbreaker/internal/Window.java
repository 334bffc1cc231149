package dev.fusebox.circuitbreaker.internal;

/**
 * Aggregates call outcomes for the closed state. Implementations are lock-free; totals may lag a concurrent
 * {@link #record} by one call but never drift.
 */
abstract class Window {

  /** Whether {@link #record} needs a clock reading. */
  abstract boolean needsTime();

  /**
   * Records one outcome observed at {@code nowNanos}; returns the calls in the window as this record left them, for
   * {@link #exceeded} (reading them again would fetch a line other threads keep writing).
   */
  abstract double record(boolean failed, boolean slow, long nowNanos);

  /** Calls in the window at {@code nowNanos}. */
  abstract double calls(long nowNanos);

  /** Failed calls in the window at {@code nowNanos}. */
  abstract double failures(long nowNanos);

  /** Slow calls in the window at {@code nowNanos}. */
  abstract double slowCalls(long nowNanos);

  /**
   * Whether the thresholds are crossed with {@code calls} in the window (from {@link #record}): enough calls, and a
   * failure or slow-call rate at or above its limit.
   */
  final boolean exceeded(int minimumCalls, double failureRate, double slowCallRate, double calls, long nowNanos) {
    if (calls < minimumCalls || calls <= 0) {
      return false;
    }
    double failures = failures(nowNanos);
    if (failures > 0 && failures / calls >= failureRate) {
      return true;
    }
    double slow = slowCalls(nowNanos);
    return slow > 0 && slow / calls >= slowCallRate;
  }
}
