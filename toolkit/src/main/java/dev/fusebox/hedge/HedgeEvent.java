package dev.fusebox.hedge;

import dev.fusebox.spi.PolicyEvent;
import java.util.Map;

/** Something a {@link Hedge} decided. Immutable. */
public sealed interface HedgeEvent extends PolicyEvent {

  /** The policy kind, {@value}. */
  String KIND = "hedge";

  @Override
  default String policyKind() {
    return KIND;
  }

  /** Hedged attempt number {@code attempt} (2 for the first hedge) started because the others had not answered. */
  record HedgeStarted(String policyName, int attempt) implements HedgeEvent {
    @Override
    public String name() {
      return "fusebox.hedge";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("hedge.attempt", (long) attempt);
    }
  }

  /** No hedge started: the hedge budget was spent. */
  record BudgetExhausted(String policyName, int attempt) implements HedgeEvent {
    @Override
    public String name() {
      return "fusebox.hedge.budget_exhausted";
    }
  }

  /** Attempt {@code attempt} won; {@code cancelled} losers were cancelled. */
  record Won(String policyName, int attempt, int cancelled) implements HedgeEvent {
    @Override
    public String name() {
      return "fusebox.hedge.won";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("hedge.attempt", (long) attempt, "hedge.cancelled", (long) cancelled);
    }
  }
}
