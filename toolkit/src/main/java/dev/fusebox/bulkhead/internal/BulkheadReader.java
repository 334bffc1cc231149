package dev.fusebox.bulkhead.internal;

import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.bulkhead.BulkheadEvent;
import dev.fusebox.bulkhead.BulkheadSpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/** Reads {@code "bulkhead": {"maxConcurrentCalls": 50, "maxQueued": 100, "maxWait": "200ms"}}. Stateless. */
public final class BulkheadReader implements PolicyReader {

  private static final Set<String> KEYS = Set.of("maxConcurrentCalls", "maxQueued", "maxWait");

  @Override
  public String key() {
    return BulkheadEvent.KIND;
  }

  @Override
  public int rank() {
    return 300;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Integer maxConcurrentCalls = f.integer("maxConcurrentCalls");
    Integer maxQueued = f.integer("maxQueued");
    Duration maxWait = f.duration("maxWait");
    BulkheadSpec spec = Bulkhead.builder("config");
    f.check(() -> {
      if (maxConcurrentCalls != null) {
        spec.maxConcurrentCalls(maxConcurrentCalls);
      }
      if (maxQueued != null) {
        spec.maxQueued(maxQueued);
      }
      if (maxWait != null) {
        spec.maxWait(maxWait);
      }
    });
    return spec.toPolicy();
  }
}
