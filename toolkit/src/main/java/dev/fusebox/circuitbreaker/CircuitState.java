package dev.fusebox.circuitbreaker;

import java.util.Locale;

/**
 * The states of a circuit breaker. Two spellings, one per surface: the Java names ({@code HALF_OPEN}) in Java and in
 * JSON read-outs such as the demo's {@code /breakers}; {@link #label()} ({@code half_open}) in every telemetry
 * name — Prometheus labels, span attributes, transition labels such as {@code closed_to_open}.
 */
public enum CircuitState {
  /** Calls pass and their outcomes are recorded in the window. */
  CLOSED,
  /** Calls are rejected until the open duration has passed. */
  OPEN,
  /** A limited number of probe calls pass; their outcomes decide between CLOSED and OPEN. */
  HALF_OPEN,
  /** Opened by hand with {@link CircuitBreaker#forceOpen()}: every call is rejected until {@code reset()}. */
  FORCED_OPEN,
  /** Switched off by hand with {@link CircuitBreaker#disable()}: every call passes, outcomes are still recorded. */
  DISABLED;

  /** The lower-case name used in telemetry ({@code closed}, {@code half_open}, ...). */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

}
