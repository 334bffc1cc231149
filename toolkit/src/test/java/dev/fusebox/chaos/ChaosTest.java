package dev.fusebox.chaos;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ChaosTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void is_off_unless_enabled_and_the_switch_flips_at_run_time(Vertx vertx) {
    AtomicBoolean on = new AtomicBoolean(false);
    Guard<String> guard = Guard.of(vertx, "chaos", g -> g.clock(clock)
        .chaos(c -> c.fault(1.0, () -> new IOException("chaos")).enabled(on::get)));
    OnContext loop = OnContext.eventLoop(vertx);

    assertThat(loop.call(() -> guard.execute(() -> Future.succeededFuture("ok"))).result()).isEqualTo("ok");
    on.set(true);
    assertThat(loop.call(() -> guard.execute(() -> Future.succeededFuture("ok"))).cause())
        .isInstanceOf(IOException.class).hasMessage("chaos");
  }

  @Test
  void injects_at_the_rate_with_a_seeded_random_source_and_reports_every_injection(Vertx vertx) {
    // given a seeded guard injecting faults at 20% and results at 10%
    List<PolicyEvent> events = new CopyOnWriteArrayList<>();
    Chaos chaos = Chaos.of("chaos", c -> c.fault(0.2, () -> new IOException("chaos"))
        .outcome(0.1, () -> "injected").enabled(true));
    Guard<String> guard = Guard.of(vertx, "chaos", g -> g.clock(clock).random(new Random(42))
        .onEvent(events::add).chaos(chaos));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger ran = new AtomicInteger();

    // when 10,000 calls pass
    loop.run(() -> {
      for (int i = 0; i < 10_000; i++) {
        guard.execute(() -> {
          ran.incrementAndGet();
          return Future.succeededFuture("real");
        });
      }
    });

    // then the rates hold within 1.5 points, and each injection has its event
    ChaosMetrics m = chaos.metrics();
    assertThat(m.calls()).isEqualTo(10_000);
    assertThat(m.faults()).isBetween(1850L, 2150L);
    assertThat(m.outcomes()).isBetween(850L, 1150L);
    assertThat(ran.get()).isEqualTo(10_000 - m.faults() - m.outcomes());
    assertThat(events.stream().filter(e -> e instanceof ChaosEvent.FaultInjected).count()).isEqualTo(m.faults());
    assertThat(events.stream().filter(e -> e instanceof ChaosEvent.OutcomeInjected).count())
        .isEqualTo(m.outcomes());
  }

  @Test
  void injects_latency_on_a_timer_of_the_guard_clock(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "slow", g -> g.clock(clock)
        .chaos(c -> c.latency(1.0, ofMillis(300)).enabled(true)));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> result = loop.call(() -> guard.execute(() -> Future.succeededFuture("late")));
    clock.advance(ofMillis(299));
    loop.settle();
    assertThat(result.isComplete()).isFalse();
    clock.advance(ofMillis(1));
    loop.settle();
    assertThat(result.result()).isEqualTo("late");
  }

  @Test
  void validates_rates_and_reads_json() {
    assertThatThrownBy(() -> Chaos.of("x", c -> c.fault(1.5, IOException::new)))
        .isInstanceOf(ValidationException.class).hasMessage("fault.rate must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject()
        .put("chaos", new JsonObject().put("latencyRate", 0.5)), ""))
        .isInstanceOf(ValidationException.class).hasMessage("chaos.latency is required with latencyRate");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject()
        .put("chaos", new JsonObject().put("faultRate", 2)), ""))
        .isInstanceOf(ValidationException.class).hasMessage("chaos.fault.rate must be in [0, 1], was 2.0");
  }
}
