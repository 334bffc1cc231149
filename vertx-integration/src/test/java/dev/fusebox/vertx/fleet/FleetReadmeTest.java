package dev.fusebox.vertx.fleet;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.ValidationException;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's fleet example, on one node with a local event bus (a clustered one behaves the same: see
 * {@link FleetClusterTest}), and the options' validation.
 */
@ExtendWith(VertxExtension.class)
class FleetReadmeTest {

  @Test
  void the_readme_example_forces_open_here_and_ignores_its_own_messages(Vertx vertx) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    registry.register(CircuitBreaker.of("payments", cb -> cb.clock(new ManualClock())));
    // README-FLEET-BEGIN
    // One per node, on the clustered Vert.x the application built with its cluster manager
    FleetBreakers fleet = FleetBreakers.start(vertx, registry,
            FleetOptions.defaults().withQuorum(2, ofSeconds(30)))   // open early when 2 others report open
        .await();

    fleet.forceOpen("payments");   // every node's "payments" breaker, with one call
    fleet.reset("payments");       // and back to CLOSED everywhere
    FleetView payments = fleet.view("payments");   // what the other nodes report, last window only
    // README-FLEET-END
    assertThat(registry.find("payments").orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(payments.reports()).as("own transitions are not reports").isEmpty();
    assertThat(fleet.dropped()).isZero();
    fleet.close().await();
  }

  @Test
  void trip_opens_a_closed_breaker_for_its_open_duration_then_probes() {
    ManualClock clock = new ManualClock();
    CircuitBreaker breaker = CircuitBreaker.of("b", cb -> cb.clock(clock).openFor(ofSeconds(5)));
    assertThat(breaker.trip()).isTrue();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.trip()).as("only a CLOSED breaker trips").isFalse();
    clock.advance(ofSeconds(5));
    breaker.execute(() -> io.vertx.core.Future.succeededFuture("probe"));
    assertThat(breaker.state()).isIn(CircuitState.HALF_OPEN, CircuitState.CLOSED);
    breaker.forceOpen();
    assertThat(breaker.trip()).as("a forced-open breaker is left alone").isFalse();
    assertThat(breaker.state()).isEqualTo(CircuitState.FORCED_OPEN);
  }

  @Test
  void invalid_options_name_the_field() {
    assertThatThrownBy(() -> FleetOptions.defaults().withQuorum(-1, ofSeconds(1)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("quorum");
    assertThatThrownBy(() -> FleetOptions.defaults().withQuorum(2, ofSeconds(0)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("window");
    assertThatThrownBy(() -> FleetOptions.defaults().withAddress(""))
        .isInstanceOf(ValidationException.class).hasMessageContaining("address");
  }
}
