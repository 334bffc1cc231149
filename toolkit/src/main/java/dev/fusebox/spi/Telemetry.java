package dev.fusebox.spi;

/**
 * Delivers {@link PolicyEvent}s: to the observers of the call an event belongs to (tracing adds a span event,
 * metrics count it) and to the guard's event listeners. Obtained from {@link PolicyContext#telemetry()}.
 *
 * <p>Every receiver is isolated: one that throws is logged and never stops the others, nor the call. Building an
 * event costs an allocation, so a stage on a hot path asks {@link #isEnabled} first.
 *
 * <p>Thread-safe.
 */
public interface Telemetry {

  /** Whether anybody receives events of {@code execution}; when false, {@link #report} would do nothing. */
  boolean isEnabled(Execution<?> execution);

  /** Reports {@code event}, which happened during {@code execution}. */
  void report(Execution<?> execution, PolicyEvent event);

  /** Reports {@code event}, which happened outside any call (a manual state change, an eviction). */
  void report(PolicyEvent event);
}
