package dev.fusebox.limit.internal;

import dev.fusebox.limit.ConcurrencyLimitSpec.Algorithm;
import java.time.Duration;

/** The immutable configuration of a concurrency limit, built by {@code ConcurrencyLimitSpec}. */
public record LimitConfig(String name, Algorithm algorithm, int initialLimit, int minLimit, int maxLimit,
    double backoff, Duration dropAbove) {

  /** This configuration under the name {@code n}. */
  public LimitConfig withName(String n) {
    return new LimitConfig(n, algorithm, initialLimit, minLimit, maxLimit, backoff, dropAbove);
  }
}
