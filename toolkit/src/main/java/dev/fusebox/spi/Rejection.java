package dev.fusebox.spi;

import dev.fusebox.RejectedException;
import java.util.Map;

/**
 * A policy refused a call: reported by {@link Execution#reject} for every rejecting policy, built-in or not, so that
 * metrics count {@code fusebox.rejections} by policy name and kind and tracing records the refusal.
 *
 * @param policyName the rejecting policy's name
 * @param policyKind the rejecting policy's kind
 * @param exception what the caller (or the enclosing policy) gets
 */
public record Rejection(String policyName, String policyKind, RejectedException exception) implements PolicyEvent {

  /** The span event name, {@value}. */
  public static final String EVENT = "fusebox.rejected";

  @Override
  public String name() {
    return EVENT;
  }

  @Override
  public Map<String, Object> attributes() {
    return Map.of("fusebox.policy", policyName, "fusebox.policy.kind", policyKind,
        "fusebox.retry_after_ms", exception.retryAfter().toMillis());
  }

  @Override
  public Map<String, Object> callAttributes() {
    return exception.attributes();
  }
}
