package dev.fusebox.circuitbreaker;

import dev.fusebox.ValidationException;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerConfig;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerImpl;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerTemplate;
import dev.fusebox.internal.Predicates;
import dev.fusebox.spi.Require;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * The configuration DSL of a circuit breaker. Every setter validates its argument at once; {@link #build()} checks
 * the settings against each other and copies them, so reusing a spec never changes a breaker already built.
 *
 * <p>Not thread-safe: configure on one thread, then build.
 *
 * <p>Defaults: {@value #DEFAULT_FAILURE_RATE} failure rate over a {@link #DEFAULT_WINDOW} time window of
 * {@value #DEFAULT_BUCKETS} buckets with at least {@value #DEFAULT_MINIMUM_CALLS} calls, open for
 * {@link #DEFAULT_OPEN_FOR}, {@value #DEFAULT_HALF_OPEN_CALLS} half-open probes that give their permit back after
 * {@link #DEFAULT_PROBE_TIMEOUT}, no open-period jitter; every exception counts as a failure, no result does, no
 * call is slow.
 */
public final class CircuitBreakerSpec {

  /** Default failure-rate threshold. */
  public static final double DEFAULT_FAILURE_RATE = 0.5;
  /** Default slow-call-rate threshold (used once {@link #slowCallDuration} is set). */
  public static final double DEFAULT_SLOW_CALL_RATE = 1.0;
  /** Default minimum number of calls in the window before any rate is judged. */
  public static final int DEFAULT_MINIMUM_CALLS = 20;
  /** Default time window. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(10);
  /** Default number of buckets of a time window. */
  public static final int DEFAULT_BUCKETS = 10;
  /** Default open duration. */
  public static final Duration DEFAULT_OPEN_FOR = Duration.ofSeconds(30);
  /** Default number of concurrent half-open probes, and of successes that close the breaker. */
  public static final int DEFAULT_HALF_OPEN_CALLS = 3;
  /** Default time after which a probe that never completed gives its permit back. */
  public static final Duration DEFAULT_PROBE_TIMEOUT = Duration.ofSeconds(30);

  private final String name;
  private double failureRate = DEFAULT_FAILURE_RATE;
  private double slowCallRate = DEFAULT_SLOW_CALL_RATE;
  private Duration slowCallDuration;
  private int minimumCalls = DEFAULT_MINIMUM_CALLS;
  private CircuitBreakerConfig.WindowKind windowKind = CircuitBreakerConfig.WindowKind.TIME;
  private int countWindowSize = 100;
  private Duration window = DEFAULT_WINDOW;
  private int buckets = DEFAULT_BUCKETS;
  private Duration halfLife;
  private Duration openFor = DEFAULT_OPEN_FOR;
  private double openForMultiplier = 1.0;
  private Duration openForMax;
  private int halfOpenCalls = DEFAULT_HALF_OPEN_CALLS;
  private Duration probeTimeout = DEFAULT_PROBE_TIMEOUT;
  private Predicate<Throwable> recordOn = t -> true;
  private Predicate<Throwable> ignore = t -> false;
  private Predicate<Object> failOnResult;
  private Clock clock;
  private boolean countInFlightSlowCalls;
  private double openJitter;

  CircuitBreakerSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** Opens when at least this fraction of the window's calls failed; in (0, 1]. */
  public CircuitBreakerSpec failureRate(double threshold) {
    this.failureRate = Require.ratio(threshold, "failureRate");
    return this;
  }

  /** Opens when at least this fraction of the window's calls were slow; in (0, 1]. */
  public CircuitBreakerSpec slowCallRate(double threshold) {
    this.slowCallRate = Require.ratio(threshold, "slowCallRate");
    return this;
  }

  /** A call that takes at least this long is slow. Unset by default: no call is slow. */
  public CircuitBreakerSpec slowCallDuration(Duration threshold) {
    this.slowCallDuration = Require.positive(threshold, "slowCallDuration");
    return this;
  }

  /**
   * Whether a call still running when {@link #slowCallDuration} elapses counts as slow at that moment, instead of
   * when it completes: a breaker without a timeout then still opens on calls that hang. Costs one timer on the
   * guard's clock per admitted call that is not complete when it returns (none for calls that complete at once).
   * The call is counted once: its late completion is not recorded again. Off by default; requires
   * {@link #slowCallDuration}.
   */
  public CircuitBreakerSpec countInFlightSlowCalls(boolean count) {
    this.countInFlightSlowCalls = count;
    return this;
  }

  /** Rates are judged only once the window holds at least this many calls; >= 1. */
  public CircuitBreakerSpec minimumCalls(int calls) {
    this.minimumCalls = Require.atLeast(1, calls, "minimumCalls");
    return this;
  }

  /** Judges the last {@code size} calls. */
  public CircuitBreakerSpec countWindow(int size) {
    this.countWindowSize = Require.atLeast(1, size, "countWindow");
    this.windowKind = CircuitBreakerConfig.WindowKind.COUNT;
    return this;
  }

  /** Judges the calls of the last {@code duration}, kept in {@value #DEFAULT_BUCKETS} buckets. */
  public CircuitBreakerSpec window(Duration duration) {
    return window(duration, DEFAULT_BUCKETS);
  }

  /** Judges the calls of the last {@code duration}, kept in {@code buckets} buckets (1 to 1000). */
  public CircuitBreakerSpec window(Duration duration, int buckets) {
    this.window = Require.positive(duration, "window");
    Require.atLeast(1, buckets, "buckets");
    if (buckets > 1000) {
      throw new ValidationException("buckets", "must be <= 1000", String.valueOf(buckets));
    }
    if (duration.toMillis() / buckets < 1) {
      throw new ValidationException("window", "/ buckets must be >= 1ms", duration.toMillis() + "ms / " + buckets);
    }
    this.buckets = buckets;
    this.windowKind = CircuitBreakerConfig.WindowKind.TIME;
    return this;
  }

  /**
   * Judges an exponentially time-decayed failure rate: an outcome's weight halves every {@code halfLife}, so
   * recent calls count most and old ones fade smoothly instead of dropping out of a window at once. The minimum
   * number of calls is compared with the decayed call count.
   */
  public CircuitBreakerSpec decayingWindow(Duration halfLife) {
    this.halfLife = Require.positive(halfLife, "halfLife");
    this.windowKind = CircuitBreakerConfig.WindowKind.DECAYING;
    return this;
  }

  /** Stays open this long before letting probes through. */
  public CircuitBreakerSpec openFor(Duration duration) {
    this.openFor = Require.positive(duration, "openFor");
    return this;
  }

  /**
   * Grows the open duration by {@code multiplier} on each consecutive reopening (a failed probe), up to
   * {@code max}; closing resets it to {@link #openFor}.
   */
  public CircuitBreakerSpec openForBackoff(double multiplier, Duration max) {
    this.openForMultiplier = Require.atLeast(1.0, multiplier, "openForMultiplier");
    this.openForMax = Require.positive(max, "openForMax");
    return this;
  }

  /**
   * Shortens each open period ({@link #openFor}, and those {@link #openForBackoff} grows) by a random amount of up to
   * {@code fraction} of it: a period {@code p} becomes a uniform draw between {@code p * (1 - fraction)} and
   * {@code p}, so jitter never lengthens one. Breakers that opened in the same second (every replica of a fleet
   * when a dependency goes down) then half-open spread over {@code fraction * p} instead of probing in one wave. A
   * guard's own breaker draws from the guard's random source ({@code GuardSpec.random}, seedable), kept across
   * reloads; a breaker from {@link #build()} draws from {@link ThreadLocalRandom}. In [0, 1); 0 (the default) for
   * none.
   */
  public CircuitBreakerSpec openJitter(double fraction) {
    if (!(fraction >= 0 && fraction < 1)) {
      throw new ValidationException("openJitter", "must be in [0, 1)", String.valueOf(fraction));
    }
    this.openJitter = fraction;
    return this;
  }

  /**
   * How many probes one HALF_OPEN period admits, and how many successes close the breaker; >= 1. A probe whose
   * outcome is ignored gives its place back, and so does one still running after {@link #probeTimeout}.
   */
  public CircuitBreakerSpec halfOpenCalls(int calls) {
    this.halfOpenCalls = Require.atLeast(1, calls, "halfOpenCalls");
    return this;
  }

  /** A probe that has not completed after this long gives its permit back, so it cannot wedge HALF_OPEN. */
  public CircuitBreakerSpec probeTimeout(Duration timeout) {
    this.probeTimeout = Require.positive(timeout, "probeTimeout");
    return this;
  }

  /** Counts only exceptions of these types (and their subtypes) as failures; other exceptions are ignored. */
  @SafeVarargs
  public final CircuitBreakerSpec recordOn(Class<? extends Throwable>... types) {
    return recordOn(Predicates.anyType(types, "recordOn"));
  }

  /** Counts only exceptions matching {@code predicate} as failures; other exceptions are ignored. */
  public CircuitBreakerSpec recordOn(Predicate<Throwable> predicate) {
    this.recordOn = Require.nonNull(predicate, "recordOn");
    return this;
  }

  /** Neither counts nor penalises exceptions of these types: the call is as if it never happened. */
  @SafeVarargs
  public final CircuitBreakerSpec ignore(Class<? extends Throwable>... types) {
    return ignore(Predicates.anyType(types, "ignore"));
  }

  /** Neither counts nor penalises exceptions matching {@code predicate}. */
  public CircuitBreakerSpec ignore(Predicate<Throwable> predicate) {
    this.ignore = Require.nonNull(predicate, "ignore");
    return this;
  }

  /** Counts a successful result matching {@code predicate} (an HTTP 5xx response, say) as a failure. */
  public CircuitBreakerSpec failOnResult(Predicate<Object> predicate) {
    this.failOnResult = Require.nonNull(predicate, "failOnResult");
    return this;
  }

  /** The clock to read; {@link Clock#system()} unless set here or inherited from the guard. */
  public CircuitBreakerSpec clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /** The name given at creation. */
  public String name() {
    return name;
  }

  /**
   * Checks the settings against each other and builds a breaker to share between guards. Without
   * {@link #clock(Clock)} it takes the clock of the first guard it is composed into.
   */
  public CircuitBreaker build() {
    CircuitBreakerConfig config = config();
    return new CircuitBreakerImpl(config.withClock(new SharedClock("circuit breaker", name, clock)));
  }

  /**
   * Checks the settings against each other and returns the policy that gives every guard built with it a breaker of
   * its own, named after the guard, on the guard's clock (or this spec's). The spec is copied: changing it later
   * changes no policy.
   */
  public Policy toPolicy() {
    return new CircuitBreakerTemplate(config().withClock(clock));
  }

  private CircuitBreakerConfig config() {
    if (windowKind == CircuitBreakerConfig.WindowKind.COUNT && minimumCalls > countWindowSize) {
      throw new ValidationException("minimumCalls", "must be <= countWindow (" + countWindowSize + ")",
          String.valueOf(minimumCalls));
    }
    if (countInFlightSlowCalls && slowCallDuration == null) {
      throw new ValidationException("countInFlightSlowCalls", "requires slowCallDuration", "true");
    }
    if (openForMax != null) {
      Require.notBelow(openForMax, "openForMax", openFor, "openFor");
    }
    return new CircuitBreakerConfig(name, failureRate, slowCallRate,
        slowCallDuration, minimumCalls, windowKind, countWindowSize, window, buckets, halfLife, openFor,
        openForMultiplier, openForMax == null ? openFor : openForMax, halfOpenCalls, probeTimeout, recordOn,
        ignore, failOnResult, null, countInFlightSlowCalls, openJitter,
        () -> ThreadLocalRandom.current().nextDouble());
  }
}
