package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.internal.Durations;
import dev.fusebox.spi.Clock;
import java.time.Duration;
import java.util.function.DoubleSupplier;
import java.util.function.Predicate;

/**
 * The immutable, validated configuration a running breaker holds. Built by {@code CircuitBreakerSpec.build()}.
 *
 * @param slowCallDuration null when no call counts as slow
 * @param halfLife set for {@link WindowKind#DECAYING} only
 * @param failOnResult null when no result counts as a failure
 * @param countInFlightSlowCalls whether a call still running at {@code slowCallDuration} counts as slow at once
 * @param openJitter the fraction in [0, 1) by which each open period may be shortened at random; 0 for none
 * @param random uniform draws in [0, 1) for {@code openJitter}: the guard's random source for a guard's own breaker
 */
public record CircuitBreakerConfig(
    String name,
    double failureRate,
    double slowCallRate,
    Duration slowCallDuration,
    int minimumCalls,
    WindowKind windowKind,
    int countWindowSize,
    Duration window,
    int buckets,
    Duration halfLife,
    Duration openFor,
    double openForMultiplier,
    Duration openForMax,
    int halfOpenCalls,
    Duration probeTimeout,
    Predicate<Throwable> recordOn,
    Predicate<Throwable> ignore,
    Predicate<Object> failOnResult,
    Clock clock,
    boolean countInFlightSlowCalls,
    double openJitter,
    DoubleSupplier random) {
  /** This configuration for a guard's own instance: named {@code guardName}, on its own clock or {@code guardClock}. */
  public CircuitBreakerConfig forGuard(String guardName, Clock guardClock) {
    Clock clock = this.clock != null ? this.clock : guardClock;
    return new CircuitBreakerConfig(guardName, failureRate, slowCallRate, slowCallDuration, minimumCalls,
        windowKind, countWindowSize, window, buckets, halfLife, openFor, openForMultiplier, openForMax,
        halfOpenCalls, probeTimeout, recordOn, ignore, failOnResult, clock, countInFlightSlowCalls, openJitter,
        random);
  }

  /** How outcomes are aggregated. */
  public enum WindowKind {
    /** The last N calls. */
    COUNT,
    /** The calls of the last duration, in buckets. */
    TIME,
    /** An exponentially time-decayed sum. */
    DECAYING
  }

  /** This configuration on {@code clock}. */
  public CircuitBreakerConfig withClock(Clock clock) {
    return new CircuitBreakerConfig(name, failureRate, slowCallRate, slowCallDuration, minimumCalls, windowKind,
        countWindowSize, window, buckets, halfLife, openFor, openForMultiplier, openForMax, halfOpenCalls,
        probeTimeout, recordOn, ignore, failOnResult, clock, countInFlightSlowCalls, openJitter,
        random);
  }

  /** This configuration drawing its open-period jitter from {@code random}: a guard's, or the running breaker's. */
  public CircuitBreakerConfig withRandom(DoubleSupplier random) {
    return new CircuitBreakerConfig(name, failureRate, slowCallRate, slowCallDuration, minimumCalls, windowKind,
        countWindowSize, window, buckets, halfLife, openFor, openForMultiplier, openForMax, halfOpenCalls,
        probeTimeout, recordOn, ignore, failOnResult, clock, countInFlightSlowCalls, openJitter, random);
  }

  /** Threshold in nanoseconds at or above which a call is slow; {@link Long#MAX_VALUE} when disabled. */
  long slowCallNanos() {
    return slowCallDuration == null ? Long.MAX_VALUE : Durations.toNanos(slowCallDuration);
  }

  /** Open duration after the {@code openings}-th consecutive opening (1 for the first). */
  long openNanos(int openings) {
    long base = Durations.toNanos(openFor);
    if (openings <= 1 || openForMultiplier == 1.0) {
      return base;
    }
    double grown = base * Math.pow(openForMultiplier, openings - 1);
    return (long) Math.min(grown, (double) Durations.toNanos(openForMax));
  }

  /**
   * The open period to run after the {@code openings}-th consecutive opening: {@link #openNanos} shortened by a
   * uniform draw of up to {@code openJitter} of it, so breakers that opened together do not half-open together.
   * Draws once from {@link #random} when the jitter is not 0.
   */
  long jitteredOpenNanos(int openings) {
    long period = openNanos(openings);
    if (openJitter == 0) {
      return period;
    }
    return period - (long) (period * openJitter * random.getAsDouble());
  }

  /** Builds an empty window of the configured kind. */
  Window newWindow() {
    return switch (windowKind) {
      case COUNT -> new CountWindow(countWindowSize);
      case TIME -> new TimeWindow(Durations.toNanos(window) / buckets, buckets, clock.nanoTime());
      case DECAYING -> new DecayingWindow(Durations.toNanos(halfLife), clock.nanoTime());
    };
  }
}
