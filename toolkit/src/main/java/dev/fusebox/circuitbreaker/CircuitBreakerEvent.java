package dev.fusebox.circuitbreaker;

import dev.fusebox.spi.PolicyEvent;
import java.time.Duration;
import java.util.Map;

/**
 * Something a circuit breaker did. Delivered after the fact and outside any critical section to the breaker's own
 * listeners ({@link CircuitBreaker#onEvent}); {@link Admitted} and {@link StateTransition} events caused by a guarded
 * call also reach that call's observers, so tracing sets {@code circuit.state} and records the transition.
 *
 * <p>Events are immutable.
 */
public sealed interface CircuitBreakerEvent extends PolicyEvent {

  /** The policy kind of every breaker, {@value}. */
  String KIND = "circuitBreaker";
  /** Span attribute: the breaker's state when it admitted or rejected the call. */
  String ATTRIBUTE_STATE = "circuit.state";
  /** Span attribute: the transition a call caused, such as {@code closed_to_open}. */
  String ATTRIBUTE_TRANSITION = "circuit.transition";
  /** Span event attribute: the breaker's name. */
  String ATTRIBUTE_NAME = "circuit.name";

  /** The breaker's name. */
  String breaker();

  @Override
  default String policyName() {
    return breaker();
  }

  @Override
  default String policyKind() {
    return KIND;
  }

  /** A call was admitted while the breaker was in {@code state}; sets {@code circuit.state} on the call's span. */
  record Admitted(String breaker, CircuitState state) implements CircuitBreakerEvent {
    @Override
    public String name() {
      return "fusebox.circuit.admitted";
    }

    @Override
    public Map<String, Object> callAttributes() {
      return Map.of(ATTRIBUTE_STATE, state.label());
    }

    @Override
    public boolean isSpanEvent() {
      return false;
    }
  }

  /** The breaker moved from {@code from} to {@code to}. */
  record StateTransition(String breaker, CircuitState from, CircuitState to) implements CircuitBreakerEvent {
    /** The transition's telemetry label, such as {@code closed_to_open}. */
    public String label() {
      return from.label() + "_to_" + to.label();
    }

    @Override
    public String name() {
      return "fusebox.circuit.transition";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of(ATTRIBUTE_NAME, breaker, ATTRIBUTE_TRANSITION, label());
    }

    @Override
    public Map<String, Object> callAttributes() {
      return Map.of(ATTRIBUTE_TRANSITION, label());
    }
  }

  /** A call admitted in {@code state} succeeded after {@code duration}; {@code slow} if it crossed the threshold. */
  record Success(String breaker, CircuitState state, Duration duration, boolean slow) implements CircuitBreakerEvent {
    @Override
    public String name() {
      return "fusebox.circuit.success";
    }
  }

  /**
   * A call admitted in {@code state} counted as a failure: {@code cause} is its exception, or null when its result
   * was classified as a failure.
   */
  record Failure(String breaker, CircuitState state, Duration duration, boolean slow, Throwable cause)
      implements CircuitBreakerEvent {
    @Override
    public String name() {
      return "fusebox.circuit.failure";
    }
  }

  /** A call was refused while the breaker was in {@code state}. */
  record Rejected(String breaker, CircuitState state) implements CircuitBreakerEvent {
    @Override
    public String name() {
      return "fusebox.circuit.rejected";
    }
  }

  /** A call's outcome matched neither a failure nor a success rule and was not counted. */
  record Ignored(String breaker, CircuitState state, Throwable cause) implements CircuitBreakerEvent {
    @Override
    public String name() {
      return "fusebox.circuit.ignored";
    }
  }

  /**
   * The breaker took new settings in place (its guard was reconfigured) while in {@code state}, which it kept.
   * {@code freshWindow} says whether the change of window ({@code window} describes the new one, such as
   * {@code count(100)} or {@code time(10s/10)}) dropped the counts of the old one: outcomes are recorded in a fresh,
   * empty window from now on. A change of thresholds or durations alone keeps the window and its counts.
   */
  record Reconfigured(String breaker, CircuitState state, boolean freshWindow, String window)
      implements CircuitBreakerEvent {
    @Override
    public String name() {
      return "fusebox.circuit.reconfigured";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of(ATTRIBUTE_NAME, breaker, "circuit.fresh_window", freshWindow, "circuit.window", window);
    }
  }
}
