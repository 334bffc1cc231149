package dev.fusebox.ratelimiter.internal;

import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.ratelimiter.RateLimiterEvent;
import dev.fusebox.ratelimiter.RateLimiterSpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/** Reads {@code "rateLimiter": {"permits": 100, "per": "1s", "burst": 20, "maxWait": "50ms"}}. Stateless. */
public final class RateLimiterReader implements PolicyReader {

  private static final Set<String> KEYS = Set.of("permits", "per", "burst", "maxWait");

  @Override
  public String key() {
    return RateLimiterEvent.KIND;
  }

  @Override
  public int rank() {
    return 200;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Integer permits = f.required("permits", f.integer("permits"));
    Duration per = f.required("per", f.duration("per"));
    Integer burst = f.integer("burst");
    Duration maxWait = f.duration("maxWait");
    RateLimiterSpec spec = RateLimiter.builder("config");
    Policy[] policy = new Policy[1];
    f.check(() -> {
      spec.rate(permits, per);
      if (burst != null) {
        spec.burst(burst);
      }
      if (maxWait != null) {
        spec.maxWait(maxWait);
      }
      policy[0] = spec.toPolicy();
    });
    return policy[0];
  }
}
