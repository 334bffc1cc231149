package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads {@code "circuitBreaker": {...}}: {@code failureRate}, {@code slowCallRate}, {@code slowCallDuration},
 * {@code minimumCalls}; one kind of window — {@code window} (time, with optional {@code buckets}),
 * {@code countWindow} (last N calls) or {@code halfLife} (time-decayed); {@code openFor}, {@code openForMultiplier}
 * with {@code openForMax}, {@code openJitter}, {@code halfOpenCalls}, {@code probeTimeout};
 * {@code countInFlightSlowCalls} (with {@code slowCallDuration}). Stateless.
 */
public final class CircuitBreakerReader implements PolicyReader {

  private static final Set<String> KEYS = Set.of("failureRate", "slowCallRate", "slowCallDuration",
      "minimumCalls", "window", "buckets", "countWindow", "halfLife", "openFor", "openForMultiplier", "openForMax",
      "openJitter", "halfOpenCalls", "probeTimeout", "countInFlightSlowCalls");

  @Override
  public String key() {
    return CircuitBreakerEvent.KIND;
  }

  @Override
  public int rank() {
    return 400;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Double failureRate = f.number("failureRate");
    Double slowCallRate = f.number("slowCallRate");
    Duration slowCallDuration = f.duration("slowCallDuration");
    Integer minimumCalls = f.integer("minimumCalls");
    Duration window = f.duration("window");
    Integer buckets = f.integer("buckets");
    Integer countWindow = f.integer("countWindow");
    Duration halfLife = f.duration("halfLife");
    Duration openFor = f.duration("openFor");
    Double multiplier = f.number("openForMultiplier");
    Duration openForMax = f.duration("openForMax");
    Double openJitter = f.number("openJitter");
    Integer halfOpenCalls = f.integer("halfOpenCalls");
    Duration probeTimeout = f.duration("probeTimeout");
    Boolean countInFlightSlowCalls = f.bool("countInFlightSlowCalls");
    List<String> kinds = new ArrayList<>();
    if (window != null) {
      kinds.add("window");
    }
    if (countWindow != null) {
      kinds.add("countWindow");
    }
    if (halfLife != null) {
      kinds.add("halfLife");
    }
    if (kinds.size() > 1) {
      throw f.invalid(kinds.get(1), "must not be combined with " + kinds.get(0) + ": a breaker has one kind of"
          + " window", f.json().getValue(kinds.get(1)));
    }
    if (buckets != null && (countWindow != null || halfLife != null)) {
      throw f.invalid("buckets", "applies to a time window only, not to " + kinds.get(0), buckets);
    }
    if ((multiplier == null) != (openForMax == null)) {
      String missing = multiplier == null ? "openForMultiplier" : "openForMax";
      throw f.invalid(missing, "is required with " + (multiplier == null ? "openForMax" : "openForMultiplier"),
          null);
    }
    CircuitBreakerSpec spec = CircuitBreaker.builder("config");
    Policy[] policy = new Policy[1];
    f.check(() -> {
      if (failureRate != null) {
        spec.failureRate(failureRate);
      }
      if (slowCallRate != null) {
        spec.slowCallRate(slowCallRate);
      }
      if (slowCallDuration != null) {
        spec.slowCallDuration(slowCallDuration);
      }
      if (minimumCalls != null) {
        spec.minimumCalls(minimumCalls);
      }
      if (window != null || buckets != null) {
        spec.window(window != null ? window : CircuitBreakerSpec.DEFAULT_WINDOW,
            buckets != null ? buckets : CircuitBreakerSpec.DEFAULT_BUCKETS);
      } else if (countWindow != null) {
        spec.countWindow(countWindow);
      } else if (halfLife != null) {
        spec.decayingWindow(halfLife);
      }
      if (openFor != null) {
        spec.openFor(openFor);
      }
      if (multiplier != null) {
        spec.openForBackoff(multiplier, openForMax);
      }
      if (openJitter != null) {
        spec.openJitter(openJitter);
      }
      if (halfOpenCalls != null) {
        spec.halfOpenCalls(halfOpenCalls);
      }
      if (probeTimeout != null) {
        spec.probeTimeout(probeTimeout);
      }
      if (countInFlightSlowCalls != null) {
        spec.countInFlightSlowCalls(countInFlightSlowCalls);
      }
      policy[0] = spec.toPolicy();
    });
    return policy[0];
  }
}
