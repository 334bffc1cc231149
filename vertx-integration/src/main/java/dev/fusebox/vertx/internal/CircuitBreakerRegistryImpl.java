package dev.fusebox.vertx.internal;

import dev.fusebox.spi.ObserverGroup;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.spi.Listeners;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A registry holding an immutable list of breakers in an {@link AtomicReference}.
 *
 * <p>Thread-safe and lock-free: registration is a compare-and-set of a copied list (registrations are rare: once per
 * breaker); readers take the current snapshot. Listeners are told after the breaker is in the snapshot.
 */
public final class CircuitBreakerRegistryImpl implements CircuitBreakerRegistry {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final AtomicReference<List<CircuitBreaker>> breakers = new AtomicReference<>(List.of());
  private final Listeners<CircuitBreaker> listeners = new Listeners<>("circuit breaker registry");
  private final ObserverGroup observers = ObserverGroup.create();
  private final Listeners<CircuitBreaker> removals = new Listeners<>("circuit breaker registry");

  @Override
  public boolean unregister(CircuitBreaker breaker) {
    Require.nonNull(breaker, "breaker");
    for (;;) {
      List<CircuitBreaker> current = breakers.get();
      if (!current.contains(breaker)) {
        return false;
      }
      List<CircuitBreaker> next = new ArrayList<>(current);
      next.removeIf(b -> b == breaker);
      if (breakers.compareAndSet(current, List.copyOf(next))) {
        removals.fire(breaker);
        return true;
      }
    }
  }

  @Override
  public Subscription onUnregistered(Consumer<? super CircuitBreaker> listener) {
    return removals.add(Require.nonNull(listener, "listener"));
  }

  @Override
  public GuardObserver observer() {
    return observers;
  }

  @Override
  public Subscription observe(GuardObserver observer) {
    return observers.add(observer);
  }

  @Override
  public CircuitBreakerRegistry register(CircuitBreaker breaker) {
    Require.nonNull(breaker, "breaker");
    for (;;) {
      List<CircuitBreaker> current = breakers.get();
      for (CircuitBreaker existing : current) {
        if (existing == breaker) {
          return this;
        }
        if (existing.name().equals(breaker.name())) {
          throw new IllegalArgumentException("breaker name must be unique in the registry, was \""
              + breaker.name() + "\" (already registered: " + existing + ")");
        }
      }
      List<CircuitBreaker> next = new ArrayList<>(current.size() + 1);
      next.addAll(current);
      next.add(breaker);
      if (breakers.compareAndSet(current, List.copyOf(next))) {
        listeners.fire(breaker);
        return this;
      }
    }
  }

  @Override
  public List<CircuitBreaker> breakers() {
    return breakers.get();
  }

  @Override
  public Optional<CircuitBreaker> find(String name) {
    for (CircuitBreaker breaker : breakers.get()) {
      if (breaker.name().equals(name)) {
        return Optional.of(breaker);
      }
    }
    return Optional.empty();
  }

  @Override
  public Subscription onRegistered(Consumer<? super CircuitBreaker> listener) {
    Require.nonNull(listener, "listener");
    // Deliver each breaker once: those in the snapshot taken after adding the listener are replayed, except any
    // the listener already received through fire() in between (tracked by identity).
    // The identity set exists only while the replay runs: afterwards every registration is new, and keeping it
    // would hold every breaker ever registered (a client that evicts idle upstreams registers without end).
    Set<CircuitBreaker> seen = Collections.newSetFromMap(new ConcurrentHashMap<>());
    AtomicBoolean replaying = new AtomicBoolean(true);
    Consumer<CircuitBreaker> once = breaker -> {
      if (!replaying.get() || seen.add(breaker)) {
        listener.accept(breaker);
      }
    };
    Subscription subscription = listeners.add(once);
    for (CircuitBreaker breaker : breakers.get()) {
      try {
        once.accept(breaker);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "registry listener threw on " + breaker + "; ignored", e);
      }
    }
    replaying.set(false);
    seen.clear();
    return subscription;
  }
}
