package dev.fusebox.vertx.telemetry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** A forgotten guard's late events neither come back as series nor take over those of its successor. */
class MicrometerMetersTest {

  private static final PolicyEvent RETRY = new PolicyEvent() {
    @Override
    public String policyName() {
      return "users";
    }

    @Override
    public String policyKind() {
      return "retry";
    }

    @Override
    public String name() {
      return "fusebox.retry";
    }
  };

  @Test
  void a_late_event_of_a_forgotten_guard_counts_nowhere_and_leaves_the_new_guards_meters_alone() {
    // given a guard whose execution is still running when the guard is forgotten, and a new guard of its name
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerMeters meters = new MicrometerMeters(registry);
    ExecutionObserver late = meters.onStart("users");
    meters.forget("users");
    ExecutionObserver fresh = meters.onStart("users");
    fresh.onEvent(RETRY);

    // when the old execution reports an event afterwards
    late.onEvent(RETRY);

    // then the new guard's counters are still registered and counted only their own event
    assertThat(registry.get("fusebox.retries").tag("fusebox.guard", "users").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("fusebox.policy.events").tag("event", "fusebox.retry").counter().count())
        .isEqualTo(1.0);
    assertThat(meters.guards()).isEqualTo(1);

    // and forgetting the new guard leaves nothing behind
    meters.forget("users");
    late.onEvent(RETRY);
    assertThat(registry.getMeters()).isEmpty();
    assertThat(meters.guards()).isZero();
  }
}
