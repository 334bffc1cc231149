package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.spi.ExecutionObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.noop.NoopCounter;
import io.micrometer.core.instrument.noop.NoopTimer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * What a {@code FuseboxMicrometer} registers in one {@link MeterRegistry}: the meters of each guard's calls, kept by
 * guard name until the guard is forgotten, and the meters of each bound breaker. Names, tag keys, descriptions and
 * histogram buckets are those of the OpenTelemetry instruments ({@code FuseboxMetrics}), so both scrape as the same
 * Prometheus series.
 *
 * <p>Thread-safe: a concurrent map of guards; each guard's and breaker's meters are thread-safe.
 */
public final class MicrometerMeters {

  /** The duration histogram's buckets, those of the OpenTelemetry histogram, as service-level objectives. */
  static final Duration[] DURATION_BUCKETS = GuardInstruments.DURATION_BUCKETS.stream()
      .map(seconds -> Duration.ofNanos(Math.round(seconds * 1e9)))
      .toArray(Duration[]::new);

  /** Where the events of a removed guard or breaker go: a counter in no registry. */
  static final Counter DETACHED_COUNTER = new NoopCounter(
      new Meter.Id("fusebox.detached", Tags.empty(), null, null, Meter.Type.COUNTER));
  /** Where the durations of a removed guard's late calls go: a timer in no registry. */
  static final Timer DETACHED_TIMER = new NoopTimer(
      new Meter.Id("fusebox.detached", Tags.empty(), null, null, Meter.Type.TIMER));

  private final MeterRegistry registry;
  private final ConcurrentMap<String, MicrometerGuardMeters> guards = new ConcurrentHashMap<>();

  public MicrometerMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The observer of one execution of {@code guard}. */
  public ExecutionObserver onStart(String guard) {
    MicrometerGuardMeters meters = guards.get(guard);
    if (meters == null) {
      meters = guards.computeIfAbsent(guard, g -> new MicrometerGuardMeters(registry, g));
    }
    return new MicrometerExecution(meters);
  }

  /**
   * The meters of {@code breaker}, registered by {@link MicrometerBreakerMeters#start()} and taken out by
   * {@link MicrometerBreakerMeters#remove()}.
   */
  public MicrometerBreakerMeters breaker(CircuitBreaker breaker) {
    return new MicrometerBreakerMeters(registry, breaker);
  }

  /** Removes the call meters of {@code guard} from the registry (its guard or upstream was evicted). */
  public void forget(String guard) {
    MicrometerGuardMeters meters = guards.remove(guard);
    if (meters != null) {
      meters.remove();
    }
  }

  /** Removes the call meters of every guard. */
  public void forgetAll() {
    for (String guard : guards.keySet()) {
      forget(guard);
    }
  }

  /** The number of guards with call meters; for tests of eviction. */
  public int guards() {
    return guards.size();
  }
}
