package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Outcome;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-call instruments shared by every execution a {@code FuseboxMetrics} observes, with attribute sets cached
 * per guard so recording allocates nothing after a guard's first call.
 *
 * <p>Thread-safe: instruments are thread-safe, the cache is a concurrent map.
 */
public final class GuardInstruments {

  /** Histogram buckets in seconds: from 1 ms to 30 s, the range of calls a guard bounds. */
  static final List<Double> DURATION_BUCKETS = List.of(
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  final DoubleHistogram duration;
  final LongCounter retries;
  final LongCounter timeouts;
  final LongCounter fallbacks;
  final LongCounter bulkheadRejections;
  final LongCounter rateLimiterRejections;
  private final Map<String, GuardAttributes> byGuard = new ConcurrentHashMap<>();

  public GuardInstruments(Meter meter) {
    this.duration = meter.histogramBuilder(FuseboxAttributes.CALL_DURATION)
        .setDescription("Duration of guarded executions as their callers saw them, retries and fallbacks included.")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
    this.retries = meter.counterBuilder(FuseboxAttributes.RETRIES)
        .setDescription("Retries scheduled by guards.").build();
    this.timeouts = meter.counterBuilder(FuseboxAttributes.TIMEOUTS)
        .setDescription("Guard timeouts that expired.").build();
    this.fallbacks = meter.counterBuilder(FuseboxAttributes.FALLBACKS)
        .setDescription("Fallbacks invoked by guards.").build();
    this.bulkheadRejections = meter.counterBuilder(FuseboxAttributes.BULKHEAD_REJECTIONS)
        .setDescription("Calls rejected by a bulkhead.").build();
    this.rateLimiterRejections = meter.counterBuilder(FuseboxAttributes.RATE_LIMITER_REJECTIONS)
        .setDescription("Calls rejected by a rate limiter.").build();
  }

  GuardAttributes attributes(String guard) {
    return byGuard.computeIfAbsent(guard, GuardAttributes::new);
  }

  /** The attribute sets of one guard. */
  static final class GuardAttributes {
    final String guard;
    final Attributes guardOnly;
    private final Attributes[] byOutcome;
    private final Map<String, Attributes> byPolicy = new ConcurrentHashMap<>();

    GuardAttributes(String guard) {
      this.guard = guard;
      this.guardOnly = Attributes.of(FuseboxAttributes.GUARD, guard);
      Outcome[] outcomes = Outcome.values();
      this.byOutcome = new Attributes[outcomes.length];
      for (Outcome o : outcomes) {
        byOutcome[o.ordinal()] = Attributes.of(FuseboxAttributes.GUARD, guard, FuseboxAttributes.OUTCOME, o.label());
      }
    }

    Attributes withOutcome(Outcome outcome) {
      return byOutcome[outcome.ordinal()];
    }

    Attributes withPolicy(String policy) {
      return byPolicy.computeIfAbsent(policy,
          p -> Attributes.of(FuseboxAttributes.GUARD, guard, FuseboxAttributes.POLICY, p));
    }
  }
}
