package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Outcome;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The Micrometer meters of one guard's calls — the duration timer by outcome, the policy event and rejection
 * counters and the retries, timeouts and fallbacks counters — each registered on first use and cached, so a call
 * reaches its meter through a few map reads and allocates nothing after that first use.
 *
 * <p>{@link #remove()} takes every meter of the guard out of the registry (its guard or upstream was evicted); an
 * event reported later (by an abandoned attempt) is counted nowhere, so an evicted guard leaves no series behind.
 *
 * <p>Thread-safe: concurrent maps and an atomic array; registration is idempotent in Micrometer.
 */
final class MicrometerGuardMeters {

  private static final Outcome[] OUTCOMES = Outcome.values();

  private final MeterRegistry registry;
  private final String guard;
  private final AtomicReferenceArray<Timer> durations = new AtomicReferenceArray<>(OUTCOMES.length);
  /** policy name → kind → event name → counter: three reads, no key to build. */
  private final ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<String, Counter>>> events =
      new ConcurrentHashMap<>();
  private final ConcurrentMap<String, ConcurrentMap<String, Counter>> rejections = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> aliases = new ConcurrentHashMap<>();
  private final ConcurrentMap<Meter.Id, Meter> registered = new ConcurrentHashMap<>();
  private volatile boolean removed;

  MicrometerGuardMeters(MeterRegistry registry, String guard) {
    this.registry = registry;
    this.guard = guard;
  }

  void recordDuration(Outcome outcome, Duration elapsed) {
    Timer timer = durations.get(outcome.ordinal());
    if (timer == null) {
      timer = track(() -> Timer.builder(FuseboxAttributes.CALL_DURATION)
          .description("Duration of guarded executions as their callers saw them, retries and fallbacks included.")
          .tags(FuseboxAttributes.GUARD.getKey(), guard, FuseboxAttributes.OUTCOME.getKey(), outcome.label())
          .serviceLevelObjectives(MicrometerMeters.DURATION_BUCKETS)
          .register(registry), MicrometerMeters.DETACHED_TIMER);
      durations.set(outcome.ordinal(), timer);
    }
    timer.record(elapsed);
  }

  void count(PolicyEvent event) {
    String policy = event.policyName();
    String kind = event.policyKind();
    String name = event.name();
    ConcurrentMap<String, Counter> byEvent = events.computeIfAbsent(policy, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
    Counter counter = byEvent.get(name);
    if (counter == null) {
      counter = byEvent.computeIfAbsent(name, n -> track(() -> Counter.builder(FuseboxAttributes.POLICY_EVENTS)
          .description("Events of the policies of guards, by guard, policy, kind and event.")
          .tags(FuseboxAttributes.GUARD.getKey(), guard, FuseboxAttributes.POLICY.getKey(), policy,
              FuseboxAttributes.KIND.getKey(), kind, FuseboxAttributes.EVENT.getKey(), n)
          .register(registry), MicrometerMeters.DETACHED_COUNTER));
    }
    counter.increment();
    String alias = FuseboxAttributes.EVENT_COUNTERS.get(name);
    if (alias != null) {
      Counter aliased = aliases.get(alias);
      if (aliased == null) {
        aliased = aliases.computeIfAbsent(alias, a -> track(() -> Counter.builder(a)
            .description("Events " + name + " of guards (also in " + FuseboxAttributes.POLICY_EVENTS + ").")
            .tags(FuseboxAttributes.GUARD.getKey(), guard)
            .register(registry), MicrometerMeters.DETACHED_COUNTER));
      }
      aliased.increment();
    }
  }

  void countRejection(String policy, String kind) {
    ConcurrentMap<String, Counter> byKind = rejections.computeIfAbsent(policy, p -> new ConcurrentHashMap<>());
    Counter counter = byKind.get(kind);
    if (counter == null) {
      counter = byKind.computeIfAbsent(kind, k -> track(() -> Counter.builder(FuseboxAttributes.REJECTIONS)
          .description("Calls a policy refused, by guard, policy and kind.")
          .tags(FuseboxAttributes.GUARD.getKey(), guard, FuseboxAttributes.POLICY.getKey(), policy,
              FuseboxAttributes.KIND.getKey(), k)
          .register(registry), MicrometerMeters.DETACHED_COUNTER));
    }
    counter.increment();
  }

  /** Removes every meter of this guard from the registry; events reported later are counted nowhere. */
  void remove() {
    removed = true;
    for (Meter meter : registered.values()) {
      registry.remove(meter);
    }
    registered.clear();
  }

  /** The number of meters this guard has in the registry. */
  int size() {
    return registered.size();
  }

  private <M extends Meter> M track(Supplier<M> registration, M detached) {
    if (removed) {
      // A late event of an evicted guard counts nowhere: registering would take over the meter of a new guard of
      // the same name, and removing it would take that guard's series away.
      return detached;
    }
    M meter = registration.get();
    registered.put(meter.getId(), meter);
    // Racing remove(): whichever runs second takes the meter out.
    if (removed) {
      registry.remove(meter);
      registered.remove(meter.getId());
    }
    return meter;
  }
}
