package dev.fusebox.stale.internal;

import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import dev.fusebox.stale.StaleEvent;
import dev.fusebox.stale.StaleSpec;
import dev.fusebox.stale.StaleValue;
import java.time.Duration;
import java.util.Set;

/**
 * Reads {@code "stale": {"maxStaleness": "10m", "maxEntries": 10000, "coalesce": true}} (every key optional; the
 * toolkit's bounded cache; every failure answered, every result remembered). Stateless.
 */
public final class StaleReader implements PolicyReader {

  private static final Set<String> KEYS = Set.of("maxStaleness", "maxEntries", "coalesce", "serveStaleAfter");

  @Override
  public String key() {
    return StaleEvent.KIND;
  }

  @Override
  public int rank() {
    return 50;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Duration maxStaleness = f.duration("maxStaleness");
    Integer maxEntries = f.integer("maxEntries");
    Boolean coalesce = f.bool("coalesce");
    Duration serveStaleAfter = f.duration("serveStaleAfter");
    StaleSpec<Object> spec = StaleValue.builder("config");
    f.check(() -> {
      if (maxStaleness != null) {
        spec.maxStaleness(maxStaleness);
      }
      if (maxEntries != null) {
        spec.maxEntries(maxEntries);
      }
      if (coalesce != null) {
        spec.coalesce(coalesce);
      }
      if (serveStaleAfter != null) {
        spec.serveStaleAfter(serveStaleAfter);
      }
    });
    return spec.toPolicy();
  }
}
