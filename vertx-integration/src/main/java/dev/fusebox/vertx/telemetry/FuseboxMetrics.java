package dev.fusebox.vertx.telemetry;

import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.telemetry.internal.RegistryBindings;
import dev.fusebox.vertx.telemetry.internal.ExecutionMetrics;
import dev.fusebox.vertx.telemetry.internal.GuardInstruments;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableLongGauge;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * OpenTelemetry metrics of circuit breakers and guarded calls, named as in {@link FuseboxAttributes} so that a
 * Prometheus scrape serves {@code circuit_breaker_state{name="…",state="open"} 1} for an open breaker and the
 * alert expressions {@code circuit_breaker_state{state="open"} == 1} and
 * {@code rate(circuit_breaker_failures_total[5m]) / rate(circuit_breaker_requests_total[5m]) > 0.5} work as written.
 *
 * <pre>{@code
 * FuseboxMetrics metrics = FuseboxMetrics.create(openTelemetry);
 * metrics.bind(registry);                       // breaker gauges and counters, for present and future breakers
 * Guard<User> users = Guard.of(vertx, "users", g -> g.observer(metrics)...);   // call metrics
 * }</pre>
 *
 * <p>Breaker instruments come from {@link CircuitBreaker#onEvent}: {@code circuit_breaker.requests} counts the calls
 * a breaker recorded (successes and failures; outcomes its rules ignore are not requests), so the failure ratio of
 * the alert is the one the breaker itself judges. {@code circuit_breaker.state} is an observable gauge read at
 * collection time. Call instruments come from the guard observer: the {@code fusebox.call.duration} histogram (in
 * seconds) and counters of retries, timeouts, fallbacks, bulkhead and rate-limiter rejections.
 *
 * <p>Thread-safe: instruments are thread-safe, bound breakers live in a copy-on-write list.
 */
public final class FuseboxMetrics implements GuardObserver {

  private final GuardInstruments instruments;
  private final LongCounter requests;
  private final LongCounter failures;
  private final LongCounter rejections;
  private final LongCounter transitions;
  private final ObservableLongGauge stateGauge;
  private final AtomicReference<List<Bound>> bound = new AtomicReference<>(List.of());
  private final Map<String, Attributes> nameAttributes = new ConcurrentHashMap<>();

  private FuseboxMetrics(Meter meter) {
    this.instruments = new GuardInstruments(meter);
    this.requests = meter.counterBuilder(FuseboxAttributes.BREAKER_REQUESTS)
        .setDescription("Calls a circuit breaker let through and recorded as a success or a failure.").build();
    this.failures = meter.counterBuilder(FuseboxAttributes.BREAKER_FAILURES)
        .setDescription("Calls a circuit breaker recorded as failures.").build();
    this.rejections = meter.counterBuilder(FuseboxAttributes.BREAKER_REJECTIONS)
        .setDescription("Calls a circuit breaker rejected.").build();
    this.transitions = meter.counterBuilder(FuseboxAttributes.BREAKER_TRANSITIONS)
        .setDescription("Circuit breaker state transitions.").build();
    this.stateGauge = meter.gaugeBuilder(FuseboxAttributes.BREAKER_STATE)
        .setDescription("1 for the current state of a circuit breaker, 0 for its other states.")
        .ofLongs()
        .buildWithCallback(measurement -> {
          for (Bound b : bound.get()) {
            CircuitState current = b.breaker.state();
            for (Map.Entry<CircuitState, Attributes> e : b.stateAttributes.entrySet()) {
              measurement.record(e.getKey() == current ? 1 : 0, e.getValue());
            }
          }
        });
  }

  /** Records with the meter of scope {@value FuseboxAttributes#INSTRUMENTATION_SCOPE} from {@code openTelemetry}. */
  public static FuseboxMetrics create(OpenTelemetry openTelemetry) {
    return new FuseboxMetrics(
        Require.nonNull(openTelemetry, "openTelemetry").getMeter(FuseboxAttributes.INSTRUMENTATION_SCOPE));
  }

  /** Records with {@code meter}. */
  public static FuseboxMetrics create(Meter meter) {
    return new FuseboxMetrics(Require.nonNull(meter, "meter"));
  }

  /**
   * Reports {@code breaker}'s state gauge and counts its events from now on; binding the same instance twice does
   * nothing. Closing the returned subscription stops both.
   */
  public Subscription bind(CircuitBreaker breaker) {
    Require.nonNull(breaker, "breaker");
    for (;;) {
      List<Bound> current = bound.get();
      for (Bound b : current) {
        if (b.breaker == breaker) {
          return b.subscription;
        }
      }
      Bound created = new Bound(breaker);
      List<Bound> next = new ArrayList<>(current);
      next.add(created);
      if (bound.compareAndSet(current, List.copyOf(next))) {
        created.listen();
        return created.subscription;
      }
    }
  }

  /** Binds every breaker of {@code registry}, present and future; closing the subscription unbinds them all. */
  public Subscription bind(CircuitBreakerRegistry registry) {
    return RegistryBindings.each(Require.nonNull(registry, "registry"), this::bind);
  }


  /** Stops the state gauge's callback; counters already recorded stay with the SDK. */
  public void close() {
    stateGauge.close();
    for (Bound b : bound.get()) {
      b.subscription.close();
    }
  }

  @Override
  public ExecutionObserver onStart(String guardName) {
    return new ExecutionMetrics(instruments, guardName);
  }

  private Attributes nameOnly(String name) {
    return nameAttributes.computeIfAbsent(name, n -> Attributes.of(FuseboxAttributes.NAME, n));
  }

  /** One bound breaker: its precomputed attributes and its event subscription. */
  private final class Bound {
    final CircuitBreaker breaker;
    final Map<CircuitState, Attributes> stateAttributes = new EnumMap<>(CircuitState.class);
    final Attributes name;
    volatile Subscription events;
    final Subscription subscription;

    Bound(CircuitBreaker breaker) {
      this.breaker = breaker;
      this.name = nameOnly(breaker.name());
      for (CircuitState state : CircuitState.values()) {
        stateAttributes.put(state, Attributes.of(FuseboxAttributes.NAME, breaker.name(),
            FuseboxAttributes.STATE, state.label()));
      }
      this.subscription = () -> {
        bound.updateAndGet(list -> list.stream().filter(b -> b != this).toList());
        // Forget the cached attribute sets too, so evicted upstreams do not accumulate here.
        nameAttributes.remove(breaker.name());
        instruments.forget(breaker.name());
        Subscription s = events;
        if (s != null) {
          s.close();
        }
      };
    }

    void listen() {
      events = breaker.onEvent(this::record);
    }

    private void record(CircuitBreakerEvent event) {
      if (event instanceof CircuitBreakerEvent.Success) {
        requests.add(1, name);
      } else if (event instanceof CircuitBreakerEvent.Failure) {
        requests.add(1, name);
        failures.add(1, name);
      } else if (event instanceof CircuitBreakerEvent.Rejected rejected) {
        rejections.add(1, stateAttributes.get(rejected.state()));
      } else if (event instanceof CircuitBreakerEvent.StateTransition t) {
        transitions.add(1, Attributes.of(FuseboxAttributes.NAME, breaker.name(),
            FuseboxAttributes.FROM, t.from().label(), FuseboxAttributes.TO, t.to().label()));
      }
    }
  }
}
