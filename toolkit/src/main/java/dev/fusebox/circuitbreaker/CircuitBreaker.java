package dev.fusebox.circuitbreaker;

import dev.fusebox.Subscription;
import dev.fusebox.spi.Policy;
import io.vertx.core.Future;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A circuit breaker: it watches call outcomes in a window and, when failures or slow calls cross a threshold,
 * rejects calls for a while so a failing dependency can recover, then lets a few probes through to decide whether
 * to close again.
 *
 * <p>A breaker is stateful and meant to be shared: create it once with {@link #of(String, Consumer)} and pass it to
 * as many guards as call the same dependency ({@code g.circuitBreaker(breaker)}), or let a guard create its own
 * with {@code g.circuitBreaker(cb -> ...)}.
 *
 * <p>A breaker built without {@link CircuitBreakerSpec#clock} takes the clock of the first guard it is composed
 * into; composing it into guards with different clocks fails when the second guard is built.
 *
 * <p>Thread-safe and lock-free: the state is an immutable object swapped by compare-and-set, windows are atomics.
 * Listeners run after the state has changed, on the thread that changed it.
 */
public interface CircuitBreaker extends Policy {

  /** Creates a breaker configured by {@code block}, Kotlin-DSL style. */
  static CircuitBreaker of(String name, Consumer<CircuitBreakerSpec> block) {
    CircuitBreakerSpec spec = new CircuitBreakerSpec(name);
    if (block == null) {
      throw new dev.fusebox.ValidationException("block", "must not be null", null);
    }
    block.accept(spec);
    return spec.build();
  }

  /** Creates a breaker with the documented defaults of {@link CircuitBreakerSpec}. */
  static CircuitBreaker ofDefaults(String name) {
    return new CircuitBreakerSpec(name).build();
  }

  /** Starts a chained configuration ending in {@link CircuitBreakerSpec#build()}. */
  static CircuitBreakerSpec builder(String name) {
    return new CircuitBreakerSpec(name);
  }

  /** The breaker's name, used in rejections, events and telemetry. */
  String name();

  @Override
  default String kind() {
    return CircuitBreakerEvent.KIND;
  }

  @Override
  default Set<Trait> traits() {
    return Set.of(Trait.JUDGES_OUTCOMES);
  }

  /** The current state. An OPEN breaker whose open duration has passed stays OPEN until the next call asks. */
  CircuitState state();

  /** A read-out of the state and the window's rates and counts. */
  CircuitBreakerMetrics metrics();

  /**
   * Opens a CLOSED breaker now, as its own window would on crossing a threshold: calls are rejected for the open
   * duration, then probes decide as usual (unlike {@link #forceOpen()}, which holds until {@link #reset()}). A breaker
   * in any other state is left alone. Fires a transition event when it opened.
   *
   * @return whether this call opened the breaker
   */
  boolean trip();

  /** Rejects every call until {@link #reset()}; fires a transition event. */
  void forceOpen();

  /** Lets every call through, still recording outcomes, until {@link #reset()}; fires a transition event. */
  void disable();

  /** Closes the breaker with an empty window and forgets consecutive openings; fires a transition event. */
  void reset();

  /**
   * Takes the settings {@code block} configures (from the defaults, as for {@link #of}) in place, keeping the state:
   * for a breaker shared by several guards, which a guard's reload leaves alone. The name and clock stay; the window
   * and its counts stay unless its kind or size changes; a {@link CircuitBreakerEvent.Reconfigured} event fires.
   *
   * @throws dev.fusebox.ValidationException for an invalid setting; the breaker then keeps its settings
   */
  void reconfigure(Consumer<CircuitBreakerSpec> block);

  /** Registers a listener for every event of this breaker. */
  Subscription onEvent(Consumer<? super CircuitBreakerEvent> listener);

  /** Registers a listener for state transitions only. */
  default Subscription onStateTransition(Consumer<? super CircuitBreakerEvent.StateTransition> listener) {
    return onEvent(event -> {
      if (event instanceof CircuitBreakerEvent.StateTransition transition) {
        listener.accept(transition);
      }
    });
  }

  /**
   * Runs {@code operation} through this breaker alone, outside any guard: a rejection is a failed future carrying a
   * {@link dev.fusebox.CircuitOpenException}; otherwise the operation's own future is returned, with its outcome
   * recorded when it completes. Use a {@code Guard} to also get the caller's-context guarantee and other policies.
   */
  <T> Future<T> execute(Supplier<Future<T>> operation);
}
