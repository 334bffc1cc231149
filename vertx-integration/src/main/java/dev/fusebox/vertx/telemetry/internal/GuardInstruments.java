package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Outcome;
import dev.fusebox.spi.PolicyEvent;
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
 * per guard, policy and event so recording allocates nothing after their first use.
 *
 * <p>Thread-safe: instruments are thread-safe, the caches are concurrent maps.
 */
public final class GuardInstruments {

  /** Histogram buckets in seconds: from 1 ms to 30 s, the range of calls a guard bounds. */
  static final List<Double> DURATION_BUCKETS = List.of(
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0);

  final DoubleHistogram duration;
  final LongCounter events;
  final LongCounter rejections;
  private final Map<String, LongCounter> aliases = new ConcurrentHashMap<>();
  private final Map<String, GuardAttributes> byGuard = new ConcurrentHashMap<>();

  public GuardInstruments(Meter meter) {
    this.duration = meter.histogramBuilder(FuseboxAttributes.CALL_DURATION)
        .setDescription("Duration of guarded executions as their callers saw them, retries and fallbacks included.")
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
        .build();
    this.events = meter.counterBuilder(FuseboxAttributes.POLICY_EVENTS)
        .setDescription("Events of the policies of guards, by guard, policy, kind and event.").build();
    this.rejections = meter.counterBuilder(FuseboxAttributes.REJECTIONS)
        .setDescription("Calls a policy refused, by guard, policy and kind.").build();
    for (Map.Entry<String, String> alias : FuseboxAttributes.EVENT_COUNTERS.entrySet()) {
      aliases.put(alias.getKey(), meter.counterBuilder(alias.getValue())
          .setDescription("Events " + alias.getKey() + " of guards (also in " + FuseboxAttributes.POLICY_EVENTS
              + ").").build());
    }
  }

  GuardAttributes attributes(String guard) {
    return byGuard.computeIfAbsent(guard, GuardAttributes::new);
  }

  /** Drops the cached attribute sets of {@code guard} (its guard was evicted). */
  public void forget(String guard) {
    byGuard.remove(guard);
  }

  void count(GuardAttributes guard, PolicyEvent event) {
    events.add(1, guard.withEvent(event));
    LongCounter alias = aliases.get(event.name());
    if (alias != null) {
      alias.add(1, guard.guardOnly);
    }
  }

  /** The attribute sets of one guard. */
  static final class GuardAttributes {
    final String guard;
    final Attributes guardOnly;
    private final Attributes[] byOutcome;
    private final Map<String, Attributes> byPolicy = new ConcurrentHashMap<>();
    private final Map<String, Attributes> byEvent = new ConcurrentHashMap<>();

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

    Attributes withPolicy(String policy, String kind) {
      return byPolicy.computeIfAbsent(policy + '\u0000' + kind, k -> Attributes.of(FuseboxAttributes.GUARD, guard,
          FuseboxAttributes.POLICY, policy, FuseboxAttributes.KIND, kind));
    }

    Attributes withEvent(PolicyEvent event) {
      String key = event.policyName() + '\u0000' + event.policyKind() + '\u0000' + event.name();
      Attributes found = byEvent.get(key);
      if (found != null) {
        return found;
      }
      return byEvent.computeIfAbsent(key, k -> Attributes.of(FuseboxAttributes.GUARD, guard,
          FuseboxAttributes.POLICY, event.policyName(), FuseboxAttributes.KIND, event.policyKind(),
          FuseboxAttributes.EVENT, event.name()));
    }
  }
}
