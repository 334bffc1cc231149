package dev.fusebox.limit.internal;

import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.limit.ConcurrencyLimitSpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/**
 * Reads {@code "concurrencyLimit": {"algorithm": "aimd", "initialLimit": 20, "minLimit": 1, "maxLimit": 200,
 * "backoff": 0.9, "dropAbove": "50ms"}}. Stateless.
 */
public final class ConcurrencyLimitReader implements PolicyReader {

  private static final Set<String> KEYS =
      Set.of("algorithm", "initialLimit", "minLimit", "maxLimit", "backoff", "dropAbove");

  @Override
  public String key() {
    return ConcurrencyLimit.KIND;
  }

  @Override
  public int rank() {
    return 250;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    String algorithm = f.string("algorithm");
    Integer initial = f.integer("initialLimit");
    Integer min = f.integer("minLimit");
    Integer max = f.integer("maxLimit");
    Double backoff = f.number("backoff");
    Duration dropAbove = f.duration("dropAbove");
    ConcurrencyLimitSpec spec = ConcurrencyLimit.builder("config");
    if (algorithm != null) {
      switch (algorithm) {
        case "aimd" -> spec.aimd();
        case "vegas" -> spec.vegas();
        case "gradient" -> spec.gradient();
        default -> throw f.invalid("algorithm", "must be one of aimd, vegas, gradient", algorithm);
      }
    }
    Policy[] policy = new Policy[1];
    f.check(() -> {
      if (initial != null) {
        spec.initialLimit(initial);
      }
      if (min != null) {
        spec.minLimit(min);
      }
      if (max != null) {
        spec.maxLimit(max);
      }
      if (backoff != null) {
        spec.backoff(backoff);
      }
      if (dropAbove != null) {
        spec.dropAbove(dropAbove);
      }
      policy[0] = spec.toPolicy();
    });
    return policy[0];
  }
}
