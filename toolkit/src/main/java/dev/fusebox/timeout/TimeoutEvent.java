package dev.fusebox.timeout;

import dev.fusebox.spi.PolicyEvent;
import java.time.Duration;
import java.util.Map;

/**
 * Something a timeout did, reported to the observers of the call.
 *
 * <p>Events are immutable.
 */
public sealed interface TimeoutEvent extends PolicyEvent {

  @Override
  default String policyKind() {
    return Timeout.KIND;
  }

  /** The timeout of guard {@code policyName} expired after {@code timeout}; the attempt in flight was cancelled. */
  record Expired(String policyName, Duration timeout) implements TimeoutEvent {
    @Override
    public String name() {
      return "fusebox.timeout";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("fusebox.timeout_ms", timeout.toMillis());
    }
  }
}
