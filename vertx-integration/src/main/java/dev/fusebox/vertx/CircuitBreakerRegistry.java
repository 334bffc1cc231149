package dev.fusebox.vertx;

import dev.fusebox.Guard;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.internal.CircuitBreakerRegistryImpl;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The circuit breakers of an application, by name: what health checks, metrics, {@code /breakers} endpoints and
 * dashboards read. A {@link dev.fusebox.vertx.client.GuardedWebClient} registers the breaker of every upstream it
 * meets here; register your own guards' breakers with {@link #register(Guard)}.
 *
 * <p>Names are unique: registering a second, different breaker under a name already taken is an error, while
 * registering the same instance again does nothing.
 *
 * <p>Thread-safe and lock-free for readers: registration copies an immutable snapshot, listeners run after the
 * breaker is visible in {@link #breakers()}.
 */
public interface CircuitBreakerRegistry {

  /** Creates an empty registry. */
  static CircuitBreakerRegistry create() {
    return new CircuitBreakerRegistryImpl();
  }

  /**
   * Adds {@code breaker}; a no-op if this very instance is registered already.
   *
   * @throws IllegalArgumentException if another breaker with the same name is registered
   */
  CircuitBreakerRegistry register(CircuitBreaker breaker);

  /** Adds every circuit breaker among {@code guard}'s policies. */
  default CircuitBreakerRegistry register(Guard<?> guard) {
    for (Object policy : guard.policies()) {
      if (policy instanceof CircuitBreaker breaker) {
        register(breaker);
      }
    }
    return this;
  }

  /** The registered breakers, in registration order; an immutable snapshot. */
  List<CircuitBreaker> breakers();

  /** The breaker registered under {@code name}, if any. */
  Optional<CircuitBreaker> find(String name);

  /**
   * Calls {@code listener} for every breaker registered from now on, and at once for those already registered, so
   * a metrics binding sees each breaker exactly once. A listener that throws is logged and ignored.
   */
  Subscription onRegistered(Consumer<? super CircuitBreaker> listener);
}
