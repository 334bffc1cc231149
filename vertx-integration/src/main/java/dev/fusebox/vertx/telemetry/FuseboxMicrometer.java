package dev.fusebox.vertx.telemetry;

import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.telemetry.internal.RegistryBindings;
import dev.fusebox.vertx.client.GuardedWebClient;
import dev.fusebox.vertx.telemetry.internal.MicrometerBreakerMeters;
import dev.fusebox.vertx.telemetry.internal.MicrometerMeters;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The metrics of {@link FuseboxMetrics} recorded in a Micrometer {@link MeterRegistry} — the one
 * vertx-micrometer-metrics fills, say — under the same names, tags and histogram buckets, so a Prometheus scrape of
 * either serves the same series: {@code circuit_breaker_state{name="…",state="open"} 1},
 * {@code circuit_breaker_requests_total}, {@code circuit_breaker_failures_total}, {@code fusebox_retries_total},
 * {@code fusebox_call_duration_seconds_bucket}, … and the chart's alert rules work on it unchanged.
 *
 * <pre>{@code
 * MeterRegistry meters = BackendRegistries.getDefaultNow();           // vertx-micrometer-metrics' registry
 * Subscription measuring = FuseboxMicrometer.install(registry, meters);  // every guard and breaker of the registry
 * }</pre>
 *
 * <p>Breaker meters come from {@link CircuitBreaker#onEvent}: {@code circuit_breaker.state} is a gauge per state
 * read at scrape time, {@code circuit_breaker.requests} counts the calls the breaker recorded (successes and
 * failures), {@code circuit_breaker.failures}, {@code .rejections} (by the state that refused) and
 * {@code .transitions} (by {@code from} and {@code to}). Call meters come from the guard observer: the
 * {@code fusebox.call.duration} timer by outcome, {@code fusebox.policy.events} for every event of every policy (a
 * user's included), {@code fusebox.rejections} by rejecting policy, and {@code fusebox.retries}, {@code .timeouts}
 * and {@code .fallbacks}. Each meter is registered on first use and cached: recording takes no lock and looks
 * nothing up in the registry.
 *
 * <p>Meters leave the registry with what they describe: a breaker unregistered from a bound
 * {@link CircuitBreakerRegistry} (an upstream a {@link GuardedWebClient} evicted) takes its state gauges, its counters
 * and its guard's call meters with it; {@link #forget(String)} drops the call meters of a guard you discarded
 * yourself; {@link #close()} removes everything this instance registered.
 *
 * <p>Micrometer is an optional dependency of fusebox-vertx: this class is the only one that needs it.
 *
 * <p>Thread-safe: bound breakers live in a copy-on-write list, meters in concurrent maps.
 */
public final class FuseboxMicrometer implements GuardObserver {

  private final MicrometerMeters meters;
  private final AtomicReference<List<MicrometerBreakerMeters>> bound = new AtomicReference<>(List.of());

  private FuseboxMicrometer(MeterRegistry registry) {
    this.meters = new MicrometerMeters(registry);
  }

  /** Records in {@code registry}. */
  public static FuseboxMicrometer create(MeterRegistry registry) {
    return new FuseboxMicrometer(Require.nonNull(registry, "registry"));
  }

  /**
   * Measures every guard built through {@code registry} and binds its breakers, present and future, in
   * {@code meterRegistry}; closing the subscription stops both and removes every meter it registered.
   */
  public static Subscription install(CircuitBreakerRegistry registry, MeterRegistry meterRegistry) {
    Require.nonNull(registry, "registry");
    FuseboxMicrometer micrometer = create(meterRegistry);
    Subscription observing = registry.observe(micrometer);
    Subscription breakers = micrometer.bind(registry);
    return () -> {
      observing.close();
      breakers.close();
      micrometer.close();
    };
  }

  /**
   * A {@link MeterBinder} that {@linkplain #install installs} Fusebox's metrics of {@code registry} in the
   * registry it is bound to, for frameworks that bind every {@code MeterBinder} they know of. The installation lasts
   * as long as the meter registry.
   */
  public static MeterBinder binder(CircuitBreakerRegistry registry) {
    Require.nonNull(registry, "registry");
    return meterRegistry -> install(registry, meterRegistry);
  }

  /**
   * Registers {@code breaker}'s state gauges and counters and counts its events from now on; binding the same
   * instance twice does nothing. Closing the returned subscription stops counting and removes its meters, and the
   * call meters of the guard of the same name.
   */
  public Subscription bind(CircuitBreaker breaker) {
    Require.nonNull(breaker, "breaker");
    for (;;) {
      List<MicrometerBreakerMeters> current = bound.get();
      for (MicrometerBreakerMeters b : current) {
        if (b.breaker() == breaker) {
          return () -> unbind(b);
        }
      }
      MicrometerBreakerMeters created = meters.breaker(breaker);
      List<MicrometerBreakerMeters> next = new ArrayList<>(current);
      next.add(created);
      if (bound.compareAndSet(current, List.copyOf(next))) {
        created.start();
        return () -> unbind(created);
      }
    }
  }

  /**
   * Binds every breaker of {@code registry}, present and future; a breaker unregistered from it (evicted) is
   * unbound, its meters and its guard's call meters removed. Closing the subscription unbinds them all.
   */
  public Subscription bind(CircuitBreakerRegistry registry) {
    return RegistryBindings.each(Require.nonNull(registry, "registry"), this::bind);
  }


  /**
   * Removes the call meters of the upstreams {@code client} evicts, those whose guard holds no breaker included
   * (a breaker's own meters leave with it through {@link #bind(CircuitBreakerRegistry)}).
   */
  public Subscription bind(GuardedWebClient client) {
    Require.nonNull(client, "client");
    return client.onEvicted(evicted -> forget(evicted.client() + ":" + evicted.authority()));
  }

  /** Removes the call meters of guard {@code guardName}: its series leave the scrape until it is called again. */
  public void forget(String guardName) {
    meters.forget(Require.nonNull(guardName, "guardName"));
  }

  /** Unbinds every breaker and removes every meter this instance registered. */
  public void close() {
    for (MicrometerBreakerMeters b : bound.getAndSet(List.of())) {
      b.remove();
    }
    meters.forgetAll();
  }

  @Override
  public ExecutionObserver onStart(String guardName) {
    return meters.onStart(guardName);
  }

  private void unbind(MicrometerBreakerMeters b) {
    List<MicrometerBreakerMeters> current;
    do {
      current = bound.get();
      if (!current.contains(b)) {
        return;
      }
    } while (!bound.compareAndSet(current, current.stream().filter(x -> x != b).toList()));
    b.remove();
    meters.forget(b.breaker().name());
  }
}
