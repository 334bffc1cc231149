package dev.fusebox.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.testing.StrictVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code openJitter}: each open period of a guard's breaker is shortened by a draw of the guard's random source, so
 * breakers that open together do not half-open together; 0 keeps the exact period.
 */
@ExtendWith(StrictVertx.class)
class OpenJitterTest {

  private static final Duration OPEN_FOR = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock();

  /** A guard of one breaker (4 calls, 50 %, open 30 s, 1 probe) on the manual clock and {@code random}. */
  private Guard<String> guard(Vertx vertx, String name, Random random, Consumer<CircuitBreakerSpec> more) {
    return Guard.of(vertx, name, g -> g.clock(clock).random(random).circuitBreaker(cb -> {
      cb.countWindow(10).minimumCalls(4).failureRate(0.5).openFor(OPEN_FOR).halfOpenCalls(1);
      more.accept(cb);
    }));
  }

  private static Future<String> fail(Guard<String> guard) {
    return guard.execute(() -> Future.failedFuture(new IOException("boom")));
  }

  private static Future<String> succeed(Guard<String> guard) {
    return guard.execute(() -> Future.succeededFuture("ok"));
  }

  private static CircuitBreaker breakerOf(Guard<String> guard) {
    return (CircuitBreaker) guard.policies().get(0);
  }

  /** Opens the guard's breaker and returns its open period, read from the first rejection at the opening instant. */
  private static Duration openPeriod(Guard<String> guard) {
    for (int i = 0; i < 4; i++) {
      fail(guard);
    }
    assertThat(breakerOf(guard).state()).isEqualTo(CircuitState.OPEN);
    return ((CircuitOpenException) succeed(guard).cause()).retryAfter();
  }

  @Test
  void eachOpenPeriodFallsWithinTheJitteredRangeAndEndsWhenItSays(Vertx vertx) {
    // given a breaker with 20 % jitter
    Guard<String> guard = guard(vertx, "users", new Random(42), cb -> cb.openJitter(0.2));
    // when it opens
    Duration period = openPeriod(guard);
    // then the period is in [0.8 × 30 s, 30 s]
    assertThat(period).isBetween(Duration.ofSeconds(24), OPEN_FOR);
    assertThat(period).as("a seeded draw that shortens it").isLessThan(OPEN_FOR);
    // and the breaker keeps to it: rejected 1 ms before its end, half-open (and closed by the probe) at its end
    clock.advance(period.minusMillis(1));
    assertThat(succeed(guard).cause()).isInstanceOf(CircuitOpenException.class);
    clock.advance(Duration.ofMillis(1));
    assertThat(succeed(guard).succeeded()).isTrue();
    assertThat(breakerOf(guard).state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void breakersThatOpenTogetherEndTheirPeriodsApart(Vertx vertx) {
    // given 20 guards with seeded random sources, all opened at the same instant (seeds far apart: the first draws
    // of java.util.Random from neighbouring seeds are nearly equal)
    List<Duration> periods = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Random random = new Random(1_000_003L * (i + 1));
      periods.add(openPeriod(guard(vertx, "replica-" + i, random, cb -> cb.openJitter(0.2))));
    }
    // then every period is in range, and they differ and spread over the range
    assertThat(periods).allSatisfy(p -> assertThat(p).isBetween(Duration.ofSeconds(24), OPEN_FOR));
    assertThat(periods.stream().distinct().count()).isEqualTo(20);
    Duration min = periods.stream().min(Duration::compareTo).orElseThrow();
    Duration max = periods.stream().max(Duration::compareTo).orElseThrow();
    assertThat(max.minus(min)).as("spread of 20 draws over a 6 s range").isGreaterThan(Duration.ofSeconds(3));
  }

  @Test
  void theSameSeedGivesTheSamePeriods(Vertx vertx) {
    Duration first = openPeriod(guard(vertx, "a", new Random(7), cb -> cb.openJitter(0.5)));
    Duration second = openPeriod(guard(vertx, "b", new Random(7), cb -> cb.openJitter(0.5)));
    assertThat(second).isEqualTo(first);
  }

  @Test
  void periodsGrownByTheBackoffAreJitteredToo(Vertx vertx) {
    // given a breaker whose open period doubles on each failed probe, with 20 % jitter
    Guard<String> guard = guard(vertx, "users", new Random(3),
        cb -> cb.openForBackoff(2.0, Duration.ofMinutes(5)).openJitter(0.2));
    Duration first = openPeriod(guard);
    // when the probe after the first period fails
    clock.advance(first);
    fail(guard);
    // then the second period is in [0.8 × 60 s, 60 s]
    Duration second = ((CircuitOpenException) succeed(guard).cause()).retryAfter();
    assertThat(second).isBetween(Duration.ofSeconds(48), Duration.ofSeconds(60)).isLessThan(Duration.ofSeconds(60));
  }

  @Test
  void withoutJitterThePeriodIsExactAndNoDrawIsMade(Vertx vertx) {
    // given a guard whose random source counts its draws, and a breaker without jitter (the default)
    AtomicInteger draws = new AtomicInteger();
    Random counting = new Random(1) {
      @Override
      public double nextDouble() {
        draws.incrementAndGet();
        return super.nextDouble();
      }
    };
    Guard<String> guard = guard(vertx, "users", counting, cb -> { });
    // then the period is exactly openFor
    assertThat(openPeriod(guard)).isEqualTo(OPEN_FOR);
    assertThat(draws).hasValue(0);
  }

  @Test
  void aReloadKeepsTheGuardsRandomSourceAndAppliesTheNewFraction(Vertx vertx) {
    // given a guard without jitter whose random source counts its draws
    AtomicInteger draws = new AtomicInteger();
    Random counting = new Random(11) {
      @Override
      public double nextDouble() {
        draws.incrementAndGet();
        return super.nextDouble();
      }
    };
    Guard<String> guard = guard(vertx, "users", counting, cb -> { });
    // when it is reloaded with 50 % jitter
    guard.reconfigure(g -> g.circuitBreaker(cb -> cb.countWindow(10).minimumCalls(4).failureRate(0.5)
        .openFor(OPEN_FOR).halfOpenCalls(1).openJitter(0.5)));
    // then its next opening draws once from that same source, and the period is in [15 s, 30 s]
    Duration period = openPeriod(guard);
    assertThat(draws).hasValue(1);
    assertThat(period).isBetween(Duration.ofSeconds(15), OPEN_FOR);
  }

  @Test
  void theOpenPeriodTimerIsArmedForTheJitteredEnd(Vertx vertx) {
    // given a clock whose deadlines come by timer, and a breaker with 50 % jitter
    OpenPeriodTimerTest.TimerClock timers = new OpenPeriodTimerTest.TimerClock();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(timers).random(new Random(5))
        .circuitBreaker(cb -> cb.countWindow(10).minimumCalls(4).failureRate(0.5).openFor(OPEN_FOR)
            .halfOpenCalls(1).openJitter(0.5)));
    // when it opens
    for (int i = 0; i < 4; i++) {
      fail(guard);
    }
    // then the one timer is due at the jittered end (rounded up to the millisecond), not after openFor
    assertThat(timers.pending()).hasSize(1);
    long dueIn = timers.pending().get(0).dueNanos() - timers.now.get();
    Duration period = ((CircuitOpenException) succeed(guard).cause()).retryAfter();
    assertThat(period).isBetween(Duration.ofSeconds(15), OPEN_FOR.minusMillis(1));
    assertThat(dueIn).isEqualTo((period.toNanos() + 999_999) / 1_000_000 * 1_000_000);
    // and once it has run, the next call is the probe
    timers.advance(Duration.ofNanos(dueIn));
    timers.runDue();
    assertThat(succeed(guard).succeeded()).isTrue();
    assertThat(breakerOf(guard).state()).isEqualTo(CircuitState.CLOSED);
  }

  @ParameterizedTest
  @ValueSource(doubles = {-0.1, 1.0, 1.5, Double.NaN})
  void aFractionOutsideZeroToOneIsRejectedNamingIt(double fraction) {
    assertThatThrownBy(() -> CircuitBreaker.builder("users").openJitter(fraction))
        .isInstanceOf(ValidationException.class)
        .hasMessage("openJitter must be in [0, 1), was " + fraction);
  }
}
