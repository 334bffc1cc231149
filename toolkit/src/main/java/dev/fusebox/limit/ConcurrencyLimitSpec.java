package dev.fusebox.limit;

import dev.fusebox.limit.internal.LimitConfig;
import dev.fusebox.limit.internal.ConcurrencyLimitImpl;
import dev.fusebox.limit.internal.ConcurrencyLimitTemplate;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Require;
import java.time.Duration;

/**
 * The configuration DSL of a {@link ConcurrencyLimit}: {@code l.aimd().initialLimit(20).minLimit(1).maxLimit(200)
 * .dropAbove(ofMillis(50))}, or {@code l.vegas()}, or {@code l.gradient()}. Defaults: AIMD, initial
 * {@value #DEFAULT_INITIAL_LIMIT}, min {@value #DEFAULT_MIN_LIMIT}, max {@value #DEFAULT_MAX_LIMIT}, backoff
 * {@value #DEFAULT_BACKOFF}, no latency drop.
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class ConcurrencyLimitSpec {

  /** Default initial limit. */
  public static final int DEFAULT_INITIAL_LIMIT = 20;
  /** Default lowest limit. */
  public static final int DEFAULT_MIN_LIMIT = 1;
  /** Default highest limit. */
  public static final int DEFAULT_MAX_LIMIT = 1000;
  /** Gradient: the latency, relative to the lowest seen, below which the limit grows. */
  public static final double GRADIENT_TOLERANCE = 1.5;
  /** Default AIMD multiplier on a drop. */
  public static final double DEFAULT_BACKOFF = 0.9;

  /** The algorithms. */
  public enum Algorithm {
    /** Additive increase, multiplicative decrease on drops (loss-based). */
    AIMD,
    /** Latency-based: grows while the estimated queue is short, shrinks when it is long. */
    VEGAS,
    /**
     * Latency-based: moves the limit toward {@code limit * gradient + log10(limit)}, the gradient being
     * {@code tolerance * lowest latency / latency} kept in [0.5, 1], smoothed.
     */
    GRADIENT
  }

  private final String name;
  private Algorithm algorithm = Algorithm.AIMD;
  private int initialLimit = DEFAULT_INITIAL_LIMIT;
  private int minLimit = DEFAULT_MIN_LIMIT;
  private int maxLimit = DEFAULT_MAX_LIMIT;
  private double backoff = DEFAULT_BACKOFF;
  private Duration dropAbove;
  private Clock clock;

  ConcurrencyLimitSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** AIMD, the client-side default. */
  public ConcurrencyLimitSpec aimd() {
    this.algorithm = Algorithm.AIMD;
    return this;
  }

  /** Vegas (latency-based). */
  public ConcurrencyLimitSpec vegas() {
    this.algorithm = Algorithm.VEGAS;
    return this;
  }

  /**
   * Gradient (latency-based): tolerates latency up to {@value #GRADIENT_TOLERANCE} times the lowest seen, grows by
   * a small queue allowance (log10 of the limit) below that, and shrinks in proportion above it (a failure halves
   * the target). About one round trip's worth of samples moves the limit a fifth of the way to its target.
   */
  public ConcurrencyLimitSpec gradient() {
    this.algorithm = Algorithm.GRADIENT;
    return this;
  }

  /** The limit at start; between min and max. */
  public ConcurrencyLimitSpec initialLimit(int limit) {
    this.initialLimit = Require.atLeast(1, limit, "initialLimit");
    return this;
  }

  /** The lowest limit; >= 1. */
  public ConcurrencyLimitSpec minLimit(int limit) {
    this.minLimit = Require.atLeast(1, limit, "minLimit");
    return this;
  }

  /** The highest limit; >= 1. */
  public ConcurrencyLimitSpec maxLimit(int limit) {
    this.maxLimit = Require.atLeast(1, limit, "maxLimit");
    return this;
  }

  /** AIMD: the limit is multiplied by this on a drop; in [0.5, 1). */
  public ConcurrencyLimitSpec backoff(double ratio) {
    if (!(ratio >= 0.5 && ratio < 1)) {
      throw Require.invalid("backoff", "must be in [0.5, 1)", ratio);
    }
    this.backoff = ratio;
    return this;
  }

  /** AIMD: a call slower than this counts as a drop, like a failure. Unset: only failures are drops. */
  public ConcurrencyLimitSpec dropAbove(Duration latency) {
    this.dropAbove = Require.positive(latency, "dropAbove");
    return this;
  }

  /** The clock; the guard's unless set. */
  public ConcurrencyLimitSpec clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /** Builds a limit to share between guards. */
  public ConcurrencyLimit build() {
    return new ConcurrencyLimitImpl(config(name), clock);
  }

  /** The policy giving every guard built with it a limit of its own, named after the guard. */
  public Policy toPolicy() {
    return new ConcurrencyLimitTemplate(config(name), clock);
  }

  private LimitConfig config(String n) {
    if (maxLimit < minLimit) {
      throw Require.invalid("maxLimit", "must be >= minLimit (" + minLimit + ")", maxLimit);
    }
    if (initialLimit < minLimit || initialLimit > maxLimit) {
      throw Require.invalid("initialLimit", "must be in [minLimit, maxLimit] = [" + minLimit + ", " + maxLimit + "]",
          initialLimit);
    }
    return new LimitConfig(n, algorithm, initialLimit, minLimit, maxLimit, backoff, dropAbove);
  }
}
