package dev.fusebox;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad configuration value fails at build time with a message naming the field, the rule and the value. */
class ValidationTest {

  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close();
  }

  static Stream<Arguments> badBreakerSettings() {
    return Stream.of(
        bad("failureRate above 1", cb -> cb.failureRate(1.5), "failureRate must be in (0, 1], was 1.5"),
        bad("failureRate zero", cb -> cb.failureRate(0), "failureRate must be in (0, 1], was 0.0"),
        bad("failureRate NaN", cb -> cb.failureRate(Double.NaN), "failureRate must be in (0, 1], was NaN"),
        bad("slowCallRate negative", cb -> cb.slowCallRate(-0.1), "slowCallRate must be in (0, 1], was -0.1"),
        bad("slowCallDuration zero", cb -> cb.slowCallDuration(Duration.ZERO),
            "slowCallDuration must be >= 1ms, was 0ms"),
        bad("slowCallDuration null", cb -> cb.slowCallDuration(null), "slowCallDuration must not be null"),
        bad("minimumCalls zero", cb -> cb.minimumCalls(0), "minimumCalls must be >= 1, was 0"),
        bad("countWindow zero", cb -> cb.countWindow(0), "countWindow must be >= 1, was 0"),
        bad("minimumCalls above countWindow", cb -> cb.countWindow(10).minimumCalls(20),
            "minimumCalls must be <= countWindow (10), was 20"),
        bad("window negative", cb -> cb.window(ofSeconds(-1)), "window must be >= 1ms, was -1s"),
        bad("buckets zero", cb -> cb.window(ofSeconds(10), 0), "buckets must be >= 1, was 0"),
        bad("buckets too many", cb -> cb.window(ofSeconds(10), 1001), "buckets must be <= 1000, was 1001"),
        bad("bucket under 1ms", cb -> cb.window(ofMillis(5), 10), "window / buckets must be >= 1ms, was 5ms / 10"),
        bad("halfLife zero", cb -> cb.decayingWindow(Duration.ZERO), "halfLife must be >= 1ms, was 0ms"),
        bad("openFor sub-millisecond", cb -> cb.openFor(Duration.ofNanos(10)), "openFor must be >= 1ms, was 0us"),
        bad("openForMultiplier below 1", cb -> cb.openForBackoff(0.5, ofSeconds(60)),
            "openForMultiplier must be a finite number >= 1.0, was 0.5"),
        bad("openForMax below openFor", cb -> cb.openFor(ofSeconds(30)).openForBackoff(2, ofSeconds(10)),
            "openForMax must be >= openFor (30s), was 10s"),
        bad("halfOpenCalls zero", cb -> cb.halfOpenCalls(0), "halfOpenCalls must be >= 1, was 0"),
        bad("probeTimeout null", cb -> cb.probeTimeout(null), "probeTimeout must not be null"),
        bad("recordOn nothing", CircuitBreakerSpec::recordOn, "recordOn needs at least one exception type"),
        bad("ignore null predicate", cb -> cb.ignore((java.util.function.Predicate<Throwable>) null),
            "ignore must not be null"),
        bad("failOnResult null", cb -> cb.failOnResult(null), "failOnResult must not be null"),
        bad("clock null", cb -> cb.clock(null), "clock must not be null"));
  }

  private static Arguments bad(String what, Consumer<CircuitBreakerSpec> spec, String message) {
    return Arguments.of(what, spec, message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBreakerSettings")
  void breakerSettingIsRejected(String what, Consumer<CircuitBreakerSpec> spec, String message) {
    assertThatThrownBy(() -> CircuitBreaker.of("b", spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badBreakerSettings")
  void breakerSettingIsRejectedInsideAGuard(String what, Consumer<CircuitBreakerSpec> spec, String message) {
    assertThatThrownBy(() -> Guard.of(vertx, "g", g -> g.circuitBreaker(spec)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  static Stream<Arguments> badGuardSettings() {
    return Stream.of(
        Arguments.of("timeout zero", (Consumer<GuardSpec<String>>) g -> g.timeout(Duration.ZERO),
            "timeout must be >= 1ms, was 0ms"),
        Arguments.of("timeout negative", (Consumer<GuardSpec<String>>) g -> g.timeout(ofMillis(-800)),
            "timeout must be >= 1ms, was -800ms"),
        Arguments.of("timeout null", (Consumer<GuardSpec<String>>) g -> g.timeout(null),
            "timeout must not be null"),
        Arguments.of("shared breaker null",
            (Consumer<GuardSpec<String>>) g -> g.circuitBreaker((CircuitBreaker) null),
            "circuitBreaker must not be null"),
        Arguments.of("fallback on nothing", (Consumer<GuardSpec<String>>) g -> g.fallback(f -> f.on()),
            "on needs at least one exception type"),
        Arguments.of("fallback handler null", (Consumer<GuardSpec<String>>) g -> g.fallback(f -> f.with(null)),
            "with must not be null"),
        Arguments.of("observer null", (Consumer<GuardSpec<String>>) g -> g.observer(null),
            "observer must not be null"),
        Arguments.of("clock null", (Consumer<GuardSpec<String>>) g -> g.clock(null), "clock must not be null"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badGuardSettings")
  void guardSettingIsRejected(String what, Consumer<GuardSpec<String>> spec, String message) {
    assertThatThrownBy(() -> Guard.of(vertx, "g", spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @org.junit.jupiter.api.Test
  void namesAndVertxAreRequired() {
    assertThatThrownBy(() -> Guard.of(vertx, " ", g -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, was \" \"");
    assertThatThrownBy(() -> Guard.of(null, "g", g -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("vertx must not be null");
    assertThatThrownBy(() -> CircuitBreaker.of(null, cb -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, was null");
  }
}
