package dev.fusebox.stale;

import dev.fusebox.spi.PolicyEvent;
import java.time.Duration;
import java.util.Map;

/**
 * Something a {@link StaleValue} did for a call, reported to the call's observers and the guard's listeners.
 *
 * <p>Events are immutable.
 */
public sealed interface StaleEvent extends PolicyEvent {

  /** The policy kind, {@value}. */
  String KIND = "stale";

  @Override
  default String policyKind() {
    return KIND;
  }

  /**
   * The call failed with {@code cause} and was answered with the value remembered {@code age} ago. Named
   * {@code fusebox.fallback} like a fallback's own event, since it is one: metrics count it in the fallbacks
   * counter, tracing records it as the call's fallback (with the age).
   */
  record Served(String policyName, Duration age, Throwable cause) implements StaleEvent {
    @Override
    public String name() {
      return "fusebox.fallback";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("fusebox.stale.age_ms", age.toMillis(), "exception.type", cause.getClass().getName());
    }
  }

  /**
   * The call failed with {@code cause} and nothing fresh enough was remembered for its key (none, or older than
   * {@code maxStaleness}): the failure goes on.
   */
  record Missed(String policyName, Throwable cause) implements StaleEvent {
    @Override
    public String name() {
      return "fusebox.stale.missed";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("exception.type", cause.getClass().getName());
    }
  }

  /** The call joined a call for the same key already in flight and shares its outcome. */
  record Coalesced(String policyName) implements StaleEvent {
    @Override
    public String name() {
      return "fusebox.stale.coalesced";
    }
  }
}
