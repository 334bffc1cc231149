package dev.fusebox.limit;

import dev.fusebox.spi.PolicyEvent;
import java.util.Map;

/** Something an adaptive concurrency limit did. Immutable. */
public sealed interface ConcurrencyLimitEvent extends PolicyEvent {

  @Override
  default String policyKind() {
    return ConcurrencyLimit.KIND;
  }

  /** The limit changed from {@code from} to {@code to} (reported once per whole-number change). */
  record LimitChanged(String policyName, int from, int to) implements ConcurrencyLimitEvent {
    @Override
    public String name() {
      return "fusebox.limit.changed";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("fusebox.limit.from", (long) from, "fusebox.limit.to", (long) to);
    }
  }
}
