package dev.fusebox.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class CircuitBreakerRegistryTest {

  @Test
  void breakers_are_listed_in_registration_order_and_found_by_name() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    CircuitBreaker a = CircuitBreaker.ofDefaults("a");
    CircuitBreaker b = CircuitBreaker.ofDefaults("b");
    registry.register(a).register(b).register(a);
    assertThat(registry.breakers()).containsExactly(a, b);
    assertThat(registry.find("b")).containsSame(b);
    assertThat(registry.find("c")).isEmpty();
  }

  @Test
  void a_second_breaker_under_a_taken_name_is_refused() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    registry.register(CircuitBreaker.ofDefaults("users"));
    assertThatThrownBy(() -> registry.register(CircuitBreaker.ofDefaults("users")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("breaker name must be unique in the registry, was \"users\"");
  }

  @Test
  void registering_a_guard_registers_its_breakers(Vertx vertx) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.retry(r -> r.maxAttempts(2))
        .circuitBreaker(cb -> cb.minimumCalls(5)));
    registry.register(guard);
    assertThat(registry.breakers()).extracting(CircuitBreaker::name).containsExactly("users");
  }

  @Test
  void a_listener_sees_every_breaker_once_present_and_future_and_stops_when_closed() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    registry.register(CircuitBreaker.ofDefaults("before"));
    List<String> seen = new CopyOnWriteArrayList<>();
    Subscription subscription = registry.onRegistered(b -> seen.add(b.name()));
    registry.register(CircuitBreaker.ofDefaults("after"));
    subscription.close();
    registry.register(CircuitBreaker.ofDefaults("unheard"));
    assertThat(seen).containsExactly("before", "after");
  }

  @Test
  void a_throwing_listener_neither_stops_registration_nor_other_listeners() {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    registry.register(CircuitBreaker.ofDefaults("first"));
    List<String> seen = new CopyOnWriteArrayList<>();
    registry.onRegistered(b -> {
      throw new IllegalStateException("listener bug");
    });
    registry.onRegistered(b -> seen.add(b.name()));
    registry.register(CircuitBreaker.ofDefaults("second"));
    assertThat(registry.breakers()).hasSize(2);
    assertThat(seen).containsExactly("first", "second");
  }
}
