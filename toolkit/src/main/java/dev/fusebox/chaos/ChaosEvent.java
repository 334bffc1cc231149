package dev.fusebox.chaos;

import dev.fusebox.spi.PolicyEvent;
import java.time.Duration;
import java.util.Map;

/**
 * An injection by a {@link Chaos} policy. Immutable.
 */
public sealed interface ChaosEvent extends PolicyEvent {

  @Override
  default String policyKind() {
    return Chaos.KIND;
  }

  /** An exception was injected instead of running the call. */
  record FaultInjected(String policyName, Throwable fault) implements ChaosEvent {
    @Override
    public String name() {
      return "fusebox.chaos.fault";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("exception.type", fault.getClass().getName());
    }
  }

  /** The call was delayed by {@code delay} before it ran. */
  record LatencyInjected(String policyName, Duration delay) implements ChaosEvent {
    @Override
    public String name() {
      return "fusebox.chaos.latency";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("fusebox.chaos.delay_ms", delay.toMillis());
    }
  }

  /** A result was injected instead of running the call. */
  record OutcomeInjected(String policyName) implements ChaosEvent {
    @Override
    public String name() {
      return "fusebox.chaos.outcome";
    }
  }
}
