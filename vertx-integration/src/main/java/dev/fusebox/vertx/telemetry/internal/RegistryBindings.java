package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Keeps a binding per breaker of a registry: made for every breaker registered (present and future), closed when the
 * breaker is unregistered (evicted), all closed with the returned subscription. The one mechanism the OpenTelemetry
 * and the Micrometer metrics share.
 *
 * <p>Thread-safe.
 */
public final class RegistryBindings {

  private RegistryBindings() {
  }

  /** Binds each breaker of {@code registry} with {@code bind}, for as long as it stays registered. */
  public static Subscription each(CircuitBreakerRegistry registry, Function<CircuitBreaker, Subscription> bind) {
    Map<CircuitBreaker, Subscription> bindings = new ConcurrentHashMap<>();
    Subscription listening = registry.onRegistered(breaker -> bindings.put(breaker, bind.apply(breaker)));
    Subscription leaving = registry.onUnregistered(breaker -> {
      Subscription binding = bindings.remove(breaker);
      if (binding != null) {
        binding.close();
      }
    });
    return () -> {
      listening.close();
      leaving.close();
      bindings.values().forEach(Subscription::close);
      bindings.clear();
    };
  }
}
