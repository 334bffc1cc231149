package dev.fusebox.vertx;

import io.vertx.core.Vertx;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.GuardSpec;
import dev.fusebox.Guard;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.internal.CircuitBreakerRegistryImpl;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The guards and circuit breakers of an application: what health checks, metrics, {@code /breakers} endpoints and
 * dashboards read, and the one place observability is installed. A
 * {@link dev.fusebox.vertx.client.GuardedWebClient} builds the guard of every upstream it meets through its
 * registry; build your own guards with {@link #guard(Vertx, String, Consumer)} so they are observed and their
 * breakers registered too.
 *
 * <pre>{@code
 * CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
 * FuseboxTelemetry.install(registry, openTelemetry, healthChecks);   // traced, measured, health-checked
 * Guard<User> users = registry.guard(vertx, "users", g -> g.circuitBreaker(cb -> cb.failureRate(0.5)));
 * }</pre>
 *
 * <p>Every guard built through the registry carries its {@link #observer()}: observers added with
 * {@link #observe(GuardObserver)} — before or after the guard was built — see all its calls. A breaker made outside
 * (shared with {@link CircuitBreaker#of}) is registered when a guard built here holds it, or with
 * {@link #register(CircuitBreaker)}.
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

  /**
   * The observer every guard built through this registry carries; it forwards to the observers added with
   * {@link #observe}, each isolated from the others.
   */
  GuardObserver observer();

  /**
   * Adds {@code observer} to every guard built through this registry, those built already included (from their
   * next call on); closing the subscription removes it.
   */
  Subscription observe(GuardObserver observer);

  /**
   * Builds a guard configured by {@code block} that carries this registry's {@link #observer()}, and registers its
   * breakers.
   *
   * @throws IllegalArgumentException if the configuration is invalid, or a breaker's name is taken by another
   */
  default <T> Guard<T> guard(Vertx vertx, String name, Consumer<GuardSpec<T>> block) {
    Require.nonNull(block, "block");
    Guard<T> guard = Guard.of(vertx, name, g -> {
      g.observer(observer());
      block.accept(g);
    });
    register(guard);
    return guard;
  }

  /**
   * Removes {@code breaker} (this very instance) and tells {@link #onUnregistered} listeners, so its metric series
   * and health entry go with it; returns whether it was registered.
   */
  boolean unregister(CircuitBreaker breaker);

  /** Calls {@code listener} for every breaker unregistered from now on. A listener that throws is logged. */
  Subscription onUnregistered(Consumer<? super CircuitBreaker> listener);

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
