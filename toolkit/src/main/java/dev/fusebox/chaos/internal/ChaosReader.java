package dev.fusebox.chaos.internal;

import dev.fusebox.chaos.Chaos;
import dev.fusebox.chaos.ChaosSpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/**
 * Reads {@code "chaos": {"enabled": true, "faultRate": 0.1, "latencyRate": 0.2, "latency": "300ms"}}; an injected
 * fault is a {@link ChaosFaultException}. Results cannot be given in JSON. Stateless.
 */
public final class ChaosReader implements PolicyReader {

  private static final Set<String> KEYS = Set.of("enabled", "faultRate", "latencyRate", "latency");

  @Override
  public String key() {
    return Chaos.KIND;
  }

  @Override
  public int rank() {
    return 900;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Boolean enabled = f.bool("enabled");
    Double faultRate = f.number("faultRate");
    Double latencyRate = f.number("latencyRate");
    Duration latency = f.duration("latency");
    if ((latencyRate == null) != (latency == null)) {
      throw f.invalid(latency == null ? "latency" : "latencyRate", "is required with "
          + (latency == null ? "latencyRate" : "latency"), null);
    }
    ChaosSpec spec = Chaos.builder("config");
    Policy[] policy = new Policy[1];
    f.check(() -> {
      spec.enabled(enabled != null && enabled);
      if (faultRate != null) {
        spec.fault(faultRate.doubleValue(), () -> new ChaosFaultException("chaos: injected fault"));
      }
      if (latencyRate != null) {
        spec.latency(latencyRate.doubleValue(), latency);
      }
      policy[0] = spec.build();
    });
    return policy[0];
  }

  /** The fault a JSON-configured chaos policy injects. */
  public static final class ChaosFaultException extends RuntimeException {
    ChaosFaultException(String message) {
      super(message, null, false, false);
    }
  }
}
