package dev.fusebox.spi;

import java.util.Map;

/**
 * Something a policy decided or observed. Each policy owns a sealed family of events in its own package
 * ({@code CircuitBreakerEvent}, {@code RetryEvent}, ...); tracing and metrics map every event generically through
 * the methods below, so a user's policy is traced and counted with no integration code.
 *
 * <p>Events are immutable.
 */
public interface PolicyEvent {

  /** The name of the policy instance that produced the event (a breaker's name, the guard's name, ...). */
  String policyName();

  /** The {@linkplain Policy#kind() kind} of that policy. */
  String policyKind();

  /**
   * The event's name, such as {@code fusebox.retry}: tracing records a span event of this name, metrics count it
   * in {@code fusebox.policy.events} with it as the {@code event} attribute.
   */
  String name();

  /** Attributes of the span event, by OpenTelemetry attribute name; values are strings, longs, doubles or booleans. */
  default Map<String, Object> attributes() {
    return Map.of();
  }

  /**
   * Attributes that describe the whole call rather than this moment (the breaker's state at admission): tracing
   * sets them on the call's span, a later event overriding an earlier one.
   */
  default Map<String, Object> callAttributes() {
    return Map.of();
  }

  /** Whether tracing records a span event for it; {@code false} for events that only set call attributes. */
  default boolean isSpanEvent() {
    return true;
  }
}
