package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The Micrometer meters of one circuit breaker: a {@code circuit_breaker.state} gauge per state (1 for the current
 * one, read when scraped), and the requests, failures, rejections and transitions counters fed by the breaker's own
 * events. The requests and failures counters exist from the start, at 0, so a rate is defined from the first failure
 * on; a rejection or transition counter is registered the first time one happens.
 *
 * <p>{@link #start()} registers the meters and listens; {@link #remove()} stops listening and takes every meter out of
 * the registry.
 *
 * <p>Thread-safe: counters are cached in final fields and atomic arrays; a breaker's events may come from any thread.
 */
public final class MicrometerBreakerMeters {

  private static final CircuitState[] STATES = CircuitState.values();

  private final MeterRegistry registry;
  private final CircuitBreaker breaker;
  private final String name;
  private Counter requests;
  private Counter failures;
  private final AtomicReferenceArray<Counter> rejections = new AtomicReferenceArray<>(STATES.length);
  private final AtomicReferenceArray<Counter> transitions = new AtomicReferenceArray<>(STATES.length * STATES.length);
  private final ConcurrentLinkedQueue<Meter> registered = new ConcurrentLinkedQueue<>();
  private volatile Subscription events;
  private volatile boolean removed;

  MicrometerBreakerMeters(MeterRegistry registry, CircuitBreaker breaker) {
    this.registry = registry;
    this.breaker = breaker;
    this.name = breaker.name();
  }

  /**
   * Registers the meters and starts counting the breaker's events; called once, by the binding that won (a binding
   * that lost a race never registered anything, so undoing it cannot take the winner's meters away).
   */
  public void start() {
    for (CircuitState state : STATES) {
      // A strong reference: the gauge lives exactly as long as the binding, which removes it.
      track(Gauge.builder(FuseboxAttributes.BREAKER_STATE, breaker, b -> b.state() == state ? 1 : 0)
          .description("1 for the current state of a circuit breaker, 0 for its other states.")
          .tags(FuseboxAttributes.NAME.getKey(), name, FuseboxAttributes.STATE.getKey(), state.label())
          .strongReference(true)
          .register(registry));
    }
    requests = track(Counter.builder(FuseboxAttributes.BREAKER_REQUESTS)
        .description("Calls a circuit breaker let through and recorded as a success or a failure.")
        .tags(FuseboxAttributes.NAME.getKey(), name)
        .register(registry));
    failures = track(Counter.builder(FuseboxAttributes.BREAKER_FAILURES)
        .description("Calls a circuit breaker recorded as failures.")
        .tags(FuseboxAttributes.NAME.getKey(), name)
        .register(registry));
    // Publishes the fields above to the threads that deliver events.
    events = breaker.onEvent(this::record);
  }

  /** The breaker these meters describe. */
  public CircuitBreaker breaker() {
    return breaker;
  }

  /** Stops counting the breaker's events and removes its meters from the registry. */
  public void remove() {
    removed = true;
    Subscription listening = events;
    if (listening != null) {
      listening.close();
    }
    List<Meter> meters = new ArrayList<>(registered);
    for (Meter meter : meters) {
      registry.remove(meter);
      registered.remove(meter);
    }
  }

  private void record(CircuitBreakerEvent event) {
    if (event instanceof CircuitBreakerEvent.Success) {
      requests.increment();
    } else if (event instanceof CircuitBreakerEvent.Failure) {
      requests.increment();
      failures.increment();
    } else if (event instanceof CircuitBreakerEvent.Rejected rejected) {
      rejection(rejected.state()).increment();
    } else if (event instanceof CircuitBreakerEvent.StateTransition t) {
      transition(t.from(), t.to()).increment();
    }
  }

  private Counter rejection(CircuitState state) {
    Counter counter = rejections.get(state.ordinal());
    if (counter == null && removed) {
      return MicrometerMeters.DETACHED_COUNTER;
    }
    if (counter == null) {
      // Two threads may both register: Micrometer returns the same counter for the same name and tags.
      counter = track(Counter.builder(FuseboxAttributes.BREAKER_REJECTIONS)
          .description("Calls a circuit breaker rejected.")
          .tags(FuseboxAttributes.NAME.getKey(), name, FuseboxAttributes.STATE.getKey(), state.label())
          .register(registry));
      rejections.set(state.ordinal(), counter);
    }
    return counter;
  }

  private Counter transition(CircuitState from, CircuitState to) {
    int slot = from.ordinal() * STATES.length + to.ordinal();
    Counter counter = transitions.get(slot);
    if (counter == null && removed) {
      return MicrometerMeters.DETACHED_COUNTER;
    }
    if (counter == null) {
      counter = track(Counter.builder(FuseboxAttributes.BREAKER_TRANSITIONS)
          .description("Circuit breaker state transitions.")
          .tags(FuseboxAttributes.NAME.getKey(), name, FuseboxAttributes.FROM.getKey(), from.label(),
              FuseboxAttributes.TO.getKey(), to.label())
          .register(registry));
      transitions.set(slot, counter);
    }
    return counter;
  }

  private <M extends Meter> M track(M meter) {
    registered.add(meter);
    // An event racing remove(): whichever runs second takes the meter out, so none outlives the binding.
    if (removed) {
      registry.remove(meter);
      registered.remove(meter);
    }
    return meter;
  }
}
