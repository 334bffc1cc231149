package dev.fusebox.vertx.telemetry;

import io.opentelemetry.api.common.AttributeKey;

/**
 * Every telemetry name Fusebox emits — span names, span attributes and events, metric instruments and their
 * attributes — in one place, so dashboards, alerts and tests refer to the same strings (SPEC §5).
 *
 * <p>Prometheus sees the metric names with dots turned into underscores and {@code _total} added to counters:
 * {@link #BREAKER_STATE} is scraped as {@code circuit_breaker_state}, {@link #BREAKER_REQUESTS} as
 * {@code circuit_breaker_requests_total}, attribute {@link #GUARD} as label {@code fusebox_guard}. Instruments other
 * than the duration histogram have no unit, so no unit suffix is inserted into those names.
 *
 * <p>Thread-safe: constants only.
 */
public final class FuseboxAttributes {

  private FuseboxAttributes() {
  }

  /** The instrumentation scope of the tracer and the meter. */
  public static final String INSTRUMENTATION_SCOPE = "dev.fusebox";

  // ------------------------------------------------------------------------------------------------ spans

  /** Prefix of the span name of a guarded execution: {@code fusebox <guard name>}. */
  public static final String SPAN_NAME_PREFIX = "fusebox ";

  /** The guard's name. */
  public static final AttributeKey<String> GUARD = AttributeKey.stringKey("fusebox.guard");
  /** How the execution ended for the caller: success, failure, rejected, timeout or fallback. */
  public static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("fusebox.outcome");
  /** The circuit breaker's state when it admitted (or rejected) the call: closed, half_open, open, ... */
  public static final AttributeKey<String> CIRCUIT_STATE = AttributeKey.stringKey("circuit.state");
  /** The state transition this execution caused, such as {@code closed_to_open}. */
  public static final AttributeKey<String> CIRCUIT_TRANSITION = AttributeKey.stringKey("circuit.transition");
  /** The number of the last attempt (1 when there was no retry); on retry events, the attempt about to start. */
  public static final AttributeKey<Long> RETRY_ATTEMPT = AttributeKey.longKey("retry.attempt");
  /** The circuit breaker's name, on transition events. */
  public static final AttributeKey<String> CIRCUIT_NAME = AttributeKey.stringKey("circuit.name");
  /** On retry events: the delay before the next attempt, in milliseconds. */
  public static final AttributeKey<Long> RETRY_DELAY_MS = AttributeKey.longKey("retry.delay_ms");
  /** On timeout events: the timeout that expired, in milliseconds. */
  public static final AttributeKey<Long> TIMEOUT_MS = AttributeKey.longKey("fusebox.timeout_ms");
  /** The exception type behind a retry or a fallback (OpenTelemetry semantic convention key). */
  public static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  /** The exception message behind a retry or a fallback (OpenTelemetry semantic convention key). */
  public static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  /** Span event: a retry was scheduled. Every policy event becomes a span event of its own name; these are the ones
   * SPEC §5 names. */
  public static final String EVENT_RETRY = "fusebox.retry";
  /** Span event: a circuit breaker changed state because of this execution. */
  public static final String EVENT_TRANSITION = "fusebox.circuit.transition";
  /** Span event: the timeout expired and the attempt was abandoned. */
  public static final String EVENT_TIMEOUT = "fusebox.timeout";
  /** Span event: a fallback was invoked. */
  public static final String EVENT_FALLBACK = "fusebox.fallback";

  // ------------------------------------------------------------------------------------------------ metrics

  /** Gauge: 1 for a breaker's current state, 0 for its other states; attributes {@link #NAME}, {@link #STATE}. */
  public static final String BREAKER_STATE = "circuit_breaker.state";
  /** Counter: calls a breaker let through and recorded (successes and failures); attribute {@link #NAME}. */
  public static final String BREAKER_REQUESTS = "circuit_breaker.requests";
  /** Counter: calls a breaker recorded as failures; attribute {@link #NAME}. */
  public static final String BREAKER_FAILURES = "circuit_breaker.failures";
  /** Counter: calls a breaker rejected; attributes {@link #NAME}, {@link #STATE}. */
  public static final String BREAKER_REJECTIONS = "circuit_breaker.rejections";
  /** Counter: state transitions; attributes {@link #NAME}, {@link #FROM}, {@link #TO}. */
  public static final String BREAKER_TRANSITIONS = "circuit_breaker.transitions";
  /** Histogram, seconds: duration of a guarded execution as its caller saw it; {@link #GUARD}, {@link #OUTCOME}. */
  public static final String CALL_DURATION = "fusebox.call.duration";
  /** Counter: retries scheduled; attribute {@link #GUARD}. */
  public static final String RETRIES = "fusebox.retries";
  /** Counter: timeouts that expired; attribute {@link #GUARD}. */
  public static final String TIMEOUTS = "fusebox.timeouts";
  /** Counter: fallbacks invoked; attribute {@link #GUARD}. */
  public static final String FALLBACKS = "fusebox.fallbacks";

  /** Metric attribute: the breaker's name. */
  public static final AttributeKey<String> NAME = AttributeKey.stringKey("name");
  /** Metric attribute: a breaker state label ({@code closed}, {@code open}, ...). */
  public static final AttributeKey<String> STATE = AttributeKey.stringKey("state");
  /** Metric attribute: the state a transition left. */
  public static final AttributeKey<String> FROM = AttributeKey.stringKey("from");
  /** Metric attribute: the state a transition entered. */
  public static final AttributeKey<String> TO = AttributeKey.stringKey("to");
  /** Metric attribute: the name of the policy that rejected a call. */
  public static final AttributeKey<String> POLICY = AttributeKey.stringKey("policy");
  /** Metric attribute: the kind of policy ({@code circuitBreaker}, {@code retry}, a user's own kind). */
  public static final AttributeKey<String> KIND = AttributeKey.stringKey("kind");
  /** Metric attribute: the event's name ({@code fusebox.retry}, ...). */
  public static final AttributeKey<String> EVENT = AttributeKey.stringKey("event");

  /** Counter of every policy event, by guard, policy, kind and event: any policy is counted, a user's included. */
  public static final String POLICY_EVENTS = "fusebox.policy.events";
  /** Counter of the calls a policy refused, by guard, policy and kind: any rejecting policy, a user's included. */
  public static final String REJECTIONS = "fusebox.rejections";

  /**
   * The events that are also counted under a counter of their own, by guard only (SPEC §5's retries, timeouts and
   * fallbacks counters): event name to counter name. Every other event is counted in {@link #POLICY_EVENTS} alone.
   */
  public static final java.util.Map<String, String> EVENT_COUNTERS = java.util.Map.of(
      "fusebox.retry", RETRIES,
      "fusebox.timeout", TIMEOUTS,
      "fusebox.fallback", FALLBACKS);
}
