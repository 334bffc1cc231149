package dev.fusebox.fallback;

import dev.fusebox.spi.PolicyEvent;
import java.util.Map;

/**
 * Something a fallback did, reported to the observers of the call.
 *
 * <p>Events are immutable.
 */
public sealed interface FallbackEvent extends PolicyEvent {

  /** The policy kind, {@value}. */
  String KIND = "fallback";

  @Override
  default String policyKind() {
    return KIND;
  }

  /** The fallback of guard {@code policyName} was invoked for {@code cause}. */
  record Invoked(String policyName, Throwable cause) implements FallbackEvent {
    @Override
    public String name() {
      return "fusebox.fallback";
    }

    @Override
    public Map<String, Object> attributes() {
      String message = cause.getMessage();
      return Map.of("exception.type", cause.getClass().getName(), "exception.message", message == null ? "" : message);
    }
  }
}
