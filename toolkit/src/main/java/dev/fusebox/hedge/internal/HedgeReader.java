package dev.fusebox.hedge.internal;

import dev.fusebox.hedge.Hedge;
import dev.fusebox.hedge.HedgeEvent;
import dev.fusebox.hedge.HedgeSpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/** Reads {@code "hedge": {"maxHedgedAttempts": 2, "delay": "50ms", "budget": {"ratio": 0.1, "minPerSecond": 1}}}. */
public final class HedgeReader implements PolicyReader {

  private static final Set<String> KEYS = Set.of("maxHedgedAttempts", "delay", "budget");
  private static final Set<String> BUDGET_KEYS = Set.of("ratio", "minPerSecond");

  @Override
  public String key() {
    return HedgeEvent.KIND;
  }

  @Override
  public int rank() {
    return 150;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Integer max = f.integer("maxHedgedAttempts");
    Duration delay = f.duration("delay");
    ConfigNode budget = f.object("budget");
    HedgeSpec spec = Hedge.builder("config");
    f.check(() -> {
      if (max != null) {
        spec.maxHedgedAttempts(max);
      }
      if (delay != null) {
        spec.delay(delay);
      }
    });
    if (budget != null) {
      budget.allowOnly(BUDGET_KEYS);
      Double ratio = budget.required("ratio", budget.number("ratio"));
      Integer min = budget.integer("minPerSecond");
      f.check(() -> spec.budget(ratio, min == null ? 0 : min));
    }
    return spec.toPolicy();
  }
}
