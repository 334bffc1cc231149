package dev.fusebox;

import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Rejection by a circuit breaker that is {@code OPEN}, {@code FORCED_OPEN}, or {@code HALF_OPEN} with all probe
 * permits taken.
 *
 * <p>One instance describes one open period; {@link #retryAfter()} is computed from the clock when asked, so the
 * instance is immutable and can be handed to many callers.
 */
public final class CircuitOpenException extends RejectedException {

  private final CircuitState state;
  private final long halfOpenAtNanos;
  private final Clock clock;

  /**
   * Creates the rejection of one open period.
   *
   * @param halfOpenAtNanos clock reading at which the breaker may half-open, or {@link Long#MAX_VALUE} if never
   *     (forced open)
   */
  public CircuitOpenException(String breakerName, CircuitState state, long halfOpenAtNanos, Clock clock) {
    super(breakerName, CircuitBreakerEvent.KIND);
    this.state = state;
    this.halfOpenAtNanos = halfOpenAtNanos;
    this.clock = clock;
  }

  /** The breaker's state when it rejected the call. */
  public CircuitState state() {
    return state;
  }

  /**
   * Time until the breaker lets a probe through: zero when it already may (half-open with all probes busy), and
   * {@link Duration#ZERO} too for a forced-open breaker, whose reopening no clock can predict.
   */
  @Override
  public Duration retryAfter() {
    if (halfOpenAtNanos == Long.MAX_VALUE) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(Math.max(0, halfOpenAtNanos - clock.nanoTime()));
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of(CircuitBreakerEvent.ATTRIBUTE_STATE, state.label());
  }

  @Override
  public String getMessage() {
    return switch (state) {
      case FORCED_OPEN -> "circuit breaker '" + policyName() + "' is FORCED_OPEN";
      case HALF_OPEN -> "circuit breaker '" + policyName() + "' is HALF_OPEN and all probe calls are in flight";
      default -> "circuit breaker '" + policyName() + "' is OPEN; retry after " + Durations.format(retryAfter());
    };
  }
}
