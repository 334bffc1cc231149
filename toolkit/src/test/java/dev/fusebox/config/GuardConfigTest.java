package dev.fusebox.config;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.GuardSpec;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.bulkhead.internal.BulkheadConfig;
import dev.fusebox.bulkhead.internal.BulkheadImpl;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerConfig;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerImpl;
import dev.fusebox.ratelimiter.internal.RateLimiterConfig;
import dev.fusebox.ratelimiter.internal.RateLimiterImpl;
import dev.fusebox.retry.internal.BackoffKind;
import dev.fusebox.retry.internal.RetryConfig;
import dev.fusebox.retry.internal.RetryImpl;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.timeout.Timeout;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(VertxExtension.class)
class GuardConfigTest {

  private static final String PATH = "userApi.guard";

  private static JsonObject json(String text) {
    return new JsonObject(text.replace('\'', '"'));
  }

  private static <P> P policy(Guard<?> guard, Class<P> type) {
    return guard.policies().stream().filter(type::isInstance).map(type::cast).findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " in " + guard.policies()));
  }

  // ------------------------------------------------------------------------------------------ every field applied

  @Test
  void every_field_of_a_full_configuration_reaches_its_policy(Vertx vertx) {
    // given
    GuardConfig config = GuardConfig.parse(json("""
        { 'timeout': '800ms',
          'retry': { 'maxAttempts': 4,
                     'backoff': { 'type': 'exponential', 'initial': '50ms', 'max': '1s', 'multiplier': 3 },
                     'jitter': 0.5, 'maxDelay': '2s', 'retryOnRejection': true,
                     'budget': { 'ratio': 0.2, 'minPerSecond': 5, 'window': '30s' } },
          'circuitBreaker': { 'failureRate': 0.4, 'slowCallRate': 0.8, 'slowCallDuration': '2s',
                              'minimumCalls': 15, 'window': '20s', 'buckets': 20, 'openFor': '10s',
                              'openForMultiplier': 2, 'openForMax': '5m', 'openJitter': 0.25,
                              'halfOpenCalls': 2, 'probeTimeout': '1m' },
          'bulkhead': { 'maxConcurrentCalls': 8, 'maxQueued': 16, 'maxWait': '250ms' },
          'rateLimiter': { 'permits': 100, 'per': '1s', 'burst': 20, 'maxWait': '50ms' } }"""), PATH);
    // when
    Guard<String> guard = config.build(vertx, "users");
    // then
    assertThat(config.order()).containsExactly("retry", "rateLimiter", "bulkhead", "circuitBreaker", "timeout");
    assertThat(config.policy("timeout")).get().extracting(p -> ((Timeout) p).duration()).isEqualTo(ofMillis(800));
    assertThat(guard.policies()).hasExactlyElementsOfTypes(RetryImpl.class, RateLimiterImpl.class,
        BulkheadImpl.class, CircuitBreakerImpl.class);

    RetryConfig retry = policy(guard, RetryImpl.class).config();
    assertThat(retry.name()).isEqualTo("users");
    assertThat(retry.maxAttempts()).isEqualTo(4);
    assertThat(retry.backoff()).isEqualTo(BackoffKind.EXPONENTIAL);
    assertThat(retry.initialDelay()).isEqualTo(ofMillis(50));
    assertThat(retry.backoffMax()).isEqualTo(ofSeconds(1));
    assertThat(retry.multiplier()).isEqualTo(3.0);
    assertThat(retry.jitter()).isEqualTo(0.5);
    assertThat(retry.maxDelay()).isEqualTo(ofSeconds(2));
    assertThat(retry.retryOnRejection()).isTrue();
    assertThat(retry.budget()).isTrue();
    assertThat(retry.budgetRatio()).isEqualTo(0.2);
    assertThat(retry.budgetMinRetriesPerSecond()).isEqualTo(5);
    assertThat(retry.budgetWindow()).isEqualTo(ofSeconds(30));
    assertThat(retry.delayHint()).isNotNull();

    CircuitBreakerConfig breaker = policy(guard, CircuitBreakerImpl.class).config();
    assertThat(breaker.name()).isEqualTo("users");
    assertThat(breaker.failureRate()).isEqualTo(0.4);
    assertThat(breaker.slowCallRate()).isEqualTo(0.8);
    assertThat(breaker.slowCallDuration()).isEqualTo(ofSeconds(2));
    assertThat(breaker.minimumCalls()).isEqualTo(15);
    assertThat(breaker.windowKind()).isEqualTo(CircuitBreakerConfig.WindowKind.TIME);
    assertThat(breaker.window()).isEqualTo(ofSeconds(20));
    assertThat(breaker.buckets()).isEqualTo(20);
    assertThat(breaker.openFor()).isEqualTo(ofSeconds(10));
    assertThat(breaker.openForMultiplier()).isEqualTo(2.0);
    assertThat(breaker.openForMax()).isEqualTo(ofMinutes(5));
    assertThat(breaker.openJitter()).isEqualTo(0.25);
    assertThat(breaker.halfOpenCalls()).isEqualTo(2);
    assertThat(breaker.probeTimeout()).isEqualTo(ofMinutes(1));

    BulkheadConfig bulkhead = policy(guard, BulkheadImpl.class).config();
    assertThat(bulkhead.maxConcurrentCalls()).isEqualTo(8);
    assertThat(bulkhead.maxQueued()).isEqualTo(16);
    assertThat(bulkhead.maxWait()).isEqualTo(ofMillis(250));

    RateLimiterConfig limiter = policy(guard, RateLimiterImpl.class).config();
    assertThat(limiter.permits()).isEqualTo(100);
    assertThat(limiter.per()).isEqualTo(ofSeconds(1));
    assertThat(limiter.burst()).isEqualTo(20);
    assertThat(limiter.maxWait()).isEqualTo(ofMillis(50));
  }

  @Test
  void fixed_and_decorrelated_backoffs_and_the_defaults_of_a_bare_retry(Vertx vertx) {
    RetryConfig fixed = policy(GuardConfig.parse(json("{'retry': {'backoff': {'type': 'fixed', 'initial': '2s'}}}"),
        PATH).build(vertx, "a"), RetryImpl.class).config();
    assertThat(fixed.backoff()).isEqualTo(BackoffKind.FIXED);
    assertThat(fixed.initialDelay()).isEqualTo(ofSeconds(2));
    assertThat(fixed.maxDelay()).isEqualTo(ofSeconds(2));

    RetryConfig decorrelated = policy(GuardConfig.parse(json(
        "{'retry': {'backoff': {'type': 'decorrelated', 'initial': '10ms', 'max': '3s'}}}"), PATH)
        .build(vertx, "b"), RetryImpl.class).config();
    assertThat(decorrelated.backoff()).isEqualTo(BackoffKind.DECORRELATED_JITTER);
    assertThat(decorrelated.initialDelay()).isEqualTo(ofMillis(10));
    assertThat(decorrelated.backoffMax()).isEqualTo(ofSeconds(3));

    RetryConfig bare = policy(GuardConfig.parse(json("{'retry': {}}"), PATH).build(vertx, "c"), RetryImpl.class)
        .config();
    assertThat(bare.maxAttempts()).isEqualTo(3);
    assertThat(bare.backoff()).isEqualTo(BackoffKind.EXPONENTIAL);
    assertThat(bare.budget()).isFalse();
    assertThat(bare.delayHint()).isNotNull();
  }

  @Test
  void count_and_decaying_windows_and_a_bucket_count_alone(Vertx vertx) {
    CircuitBreakerConfig count = policy(GuardConfig.parse(json("{'circuitBreaker': {'countWindow': 50,"
        + " 'minimumCalls': 10}}"), PATH).build(vertx, "a"), CircuitBreakerImpl.class).config();
    assertThat(count.windowKind()).isEqualTo(CircuitBreakerConfig.WindowKind.COUNT);
    assertThat(count.countWindowSize()).isEqualTo(50);

    CircuitBreakerConfig decaying = policy(GuardConfig.parse(json("{'circuitBreaker': {'halfLife': '30s'}}"),
        PATH).build(vertx, "b"), CircuitBreakerImpl.class).config();
    assertThat(decaying.windowKind()).isEqualTo(CircuitBreakerConfig.WindowKind.DECAYING);
    assertThat(decaying.halfLife()).isEqualTo(ofSeconds(30));

    CircuitBreakerConfig buckets = policy(GuardConfig.parse(json("{'circuitBreaker': {'buckets': 5}}"), PATH)
        .build(vertx, "c"), CircuitBreakerImpl.class).config();
    assertThat(buckets.window()).isEqualTo(ofSeconds(10));
    assertThat(buckets.buckets()).isEqualTo(5);
  }

  @Test
  void an_empty_object_is_a_guard_without_policies_and_integral_doubles_are_integers(Vertx vertx) {
    assertThat(GuardConfig.parse(new JsonObject(), PATH).build(vertx, "x").policies()).isEmpty();
    assertThat(GuardConfig.parse(new JsonObject(), PATH).order()).isEmpty();
    RetryConfig retry = policy(GuardConfig.parse(json("{'retry': {'maxAttempts': 2.0}}"), PATH).build(vertx, "y"),
        RetryImpl.class).config();
    assertThat(retry.maxAttempts()).isEqualTo(2);
  }

  @Test
  void from_json_builds_a_guard_whose_breaker_takes_the_guard_name(Vertx vertx) {
    Guard<String> guard = GuardConfig.fromJson(vertx, "user-api",
        json("{'circuitBreaker': {'failureRate': 0.5}, 'timeout': '1s'}"), PATH);
    assertThat(guard.name()).isEqualTo("user-api");
    assertThat(policy(guard, CircuitBreaker.class).name()).isEqualTo("user-api");
  }

  @Test
  void an_order_array_sets_the_nesting_outermost_first(Vertx vertx) {
    GuardConfig config = GuardConfig.parse(json("""
        { 'order': ['circuitBreaker', 'bulkhead', 'retry'],
          'retry': {}, 'circuitBreaker': {}, 'bulkhead': {} }"""), PATH);
    assertThat(config.order()).containsExactly("circuitBreaker", "bulkhead", "retry");
    assertThat(config.build(vertx, "x").policies())
        .hasExactlyElementsOfTypes(CircuitBreakerImpl.class, BulkheadImpl.class, RetryImpl.class);
  }

  @Test
  void by_default_the_timeout_bounds_each_attempt_and_an_outer_timeout_bounds_the_whole_call(Vertx vertx) {
    ManualClock clock = new ManualClock();
    Context context = vertx.getOrCreateContext();
    String policies = "'retry': {'maxAttempts': 2, 'backoff': {'type': 'fixed', 'initial': '0ms'}},"
        + " 'timeout': '1s'";
    // default order: retry outside the timeout; the second attempt gets a fresh second
    Guard<String> perAttempt = applied(vertx, clock, json("{" + policies + "}"));
    AtomicInteger calls = new AtomicInteger();
    Promise<String> hang = Promise.promise();
    Future<String> first = call(context, () -> perAttempt.execute(
        () -> calls.incrementAndGet() == 1 ? hang.future() : Future.succeededFuture("second attempt")));
    on(context, () -> clock.advance(ofSeconds(1)));
    assertThat(result(first)).isEqualTo("second attempt");
    // timeout first: it bounds both attempts together
    Guard<String> whole = applied(vertx, clock, json("{'order': ['timeout', 'retry'], " + policies + "}"));
    Future<String> second = call(context, () -> whole.execute(() -> Promise.<String>promise().future()));
    on(context, () -> clock.advance(ofSeconds(1)));
    assertThat(failure(second)).isInstanceOf(GuardTimeoutException.class);
  }

  private static Guard<String> applied(Vertx vertx, ManualClock clock, JsonObject json) {
    GuardSpec<String> spec = Guard.<String>builder(vertx, "ordered").clock(clock);
    return GuardConfig.parse(json, PATH).applyTo(spec).build();
  }

  @Test
  void a_fallback_added_before_the_config_wraps_its_policies(Vertx vertx) {
    GuardConfig config = GuardConfig.parse(json("{'circuitBreaker': {}}"), PATH);
    CircuitBreaker[] breaker = new CircuitBreaker[1];
    Guard<String> guard = Guard.of(vertx, "users", g -> config.applyTo(g.fallbackTo(t -> Future.succeededFuture(
        "fallback for " + t.getClass().getSimpleName()))));
    breaker[0] = policy(guard, CircuitBreaker.class);
    breaker[0].forceOpen();
    assertThat(result(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("live")))))
        .isEqualTo("fallback for CircuitOpenException");
  }

  @Test
  void the_path_may_be_empty_for_a_guard_at_the_root_of_its_file() {
    assertThatThrownBy(() -> GuardConfig.parse(json("{'circuitBreaker': {'failureRate': 2}}"), ""))
        .hasMessage("circuitBreaker.failureRate must be in (0, 1], was 2.0");
  }

  // ------------------------------------------------------------------------------------------ every error path

  static Stream<Arguments> invalid() {
    String durationRule = " must be a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\", was ";
    return Stream.of(
        // the guard object
        Arguments.of("{'timeot': '1s'}", "userApi.guard.timeot is not a known key; known keys are bulkhead,"
            + " chaos, circuitBreaker, concurrencyLimit, hedge, order, rateLimiter, retry, stale, timeout"),
        Arguments.of("{'timeout': 800}", "userApi.guard.timeout" + durationRule + "800"),
        Arguments.of("{'timeout': 'fast'}", "userApi.guard.timeout" + durationRule + "\"fast\""),
        Arguments.of("{'timeout': '0ms'}", "userApi.guard.timeout must be >= 1ms, was 0ms"),
        Arguments.of("{'retry': 3}", "userApi.guard.retry must be an object, was 3"),
        Arguments.of("{'circuitBreaker': []}", "userApi.guard.circuitBreaker must be an object, was []"),
        // retry
        Arguments.of("{'retry': {'attempts': 3}}", "userApi.guard.retry.attempts is not a known key; known keys"
            + " are backoff, budget, jitter, maxAttempts, maxDelay, retryOnRejection"),
        Arguments.of("{'retry': {'maxAttempts': 'three'}}",
            "userApi.guard.retry.maxAttempts must be an integer, was \"three\""),
        Arguments.of("{'retry': {'maxAttempts': 2.5}}", "userApi.guard.retry.maxAttempts must be an integer, was 2.5"),
        Arguments.of("{'retry': {'maxAttempts': 0}}", "userApi.guard.retry.maxAttempts must be >= 1, was 0"),
        Arguments.of("{'retry': {'backoff': 'fast'}}", "userApi.guard.retry.backoff must be an object, was \"fast\""),
        Arguments.of("{'retry': {'backoff': {'type': 'linear'}}}", "userApi.guard.retry.backoff.type must be one"
            + " of fixed, exponential, decorrelated, was \"linear\""),
        Arguments.of("{'retry': {'backoff': {'type': 3}}}", "userApi.guard.retry.backoff.type must be a string,"
            + " was 3"),
        Arguments.of("{'retry': {'backoff': {'delay': '1s'}}}", "userApi.guard.retry.backoff.delay is not a known"
            + " key; known keys are initial, max, multiplier, type"),
        Arguments.of("{'retry': {'backoff': {'type': 'fixed', 'max': '1s'}}}",
            "userApi.guard.retry.backoff.max does not apply to backoff type fixed, was \"1s\""),
        Arguments.of("{'retry': {'backoff': {'type': 'fixed', 'multiplier': 2}}}",
            "userApi.guard.retry.backoff.multiplier does not apply to backoff type fixed, was 2"),
        Arguments.of("{'retry': {'backoff': {'type': 'decorrelated', 'multiplier': 2}}}",
            "userApi.guard.retry.backoff.multiplier does not apply to backoff type decorrelated, was 2"),
        Arguments.of("{'retry': {'backoff': {'type': 'fixed', 'initial': '-1s'}}}",
            "userApi.guard.retry.backoff.initial must be >= 0ms, was -1s"),
        Arguments.of("{'retry': {'backoff': {'initial': '0ms'}}}",
            "userApi.guard.retry.backoff.initial must be >= 1ms, was 0ms"),
        Arguments.of("{'retry': {'backoff': {'initial': '1s', 'max': '500ms'}}}",
            "userApi.guard.retry.backoff.max must be >= backoff.initial (1s), was 500ms"),
        Arguments.of("{'retry': {'backoff': {'multiplier': 0.5}}}",
            "userApi.guard.retry.backoff.multiplier must be a finite number >= 1.0, was 0.5"),
        Arguments.of("{'retry': {'backoff': {'type': 'decorrelated', 'initial': '0ms'}}}",
            "userApi.guard.retry.backoff.initial must be >= 1ms, was 0ms"),
        Arguments.of("{'retry': {'backoff': {'type': 'decorrelated', 'initial': '1s', 'max': '10ms'}}}",
            "userApi.guard.retry.backoff.max must be >= backoff.initial (1s), was 10ms"),
        Arguments.of("{'retry': {'backoff': {'initial': 'soon'}}}",
            "userApi.guard.retry.backoff.initial" + durationRule + "\"soon\""),
        Arguments.of("{'retry': {'jitter': 1.5}}", "userApi.guard.retry.jitter must be in [0, 1], was 1.5"),
        Arguments.of("{'retry': {'jitter': 'some'}}", "userApi.guard.retry.jitter must be a number, was \"some\""),
        Arguments.of("{'retry': {'jitter': 0.5, 'backoff': {'type': 'decorrelated'}}}",
            "userApi.guard.retry.jitter must be 0 with decorrelatedJitterBackoff (it is random already), was 0.5"),
        Arguments.of("{'retry': {'maxDelay': '50ms'}}",
            "userApi.guard.retry.maxDelay must be >= backoff.initial (100ms), was 50ms"),
        Arguments.of("{'retry': {'maxDelay': '-1s'}}", "userApi.guard.retry.maxDelay must be >= 0ms, was -1s"),
        Arguments.of("{'retry': {'budget': {'minPerSecond': 5}}}", "userApi.guard.retry.budget.ratio is required"),
        Arguments.of("{'retry': {'budget': {'ratio': -1}}}",
            "userApi.guard.retry.budget.ratio must be a finite number >= 0.0, was -1.0"),
        Arguments.of("{'retry': {'budget': {'ratio': 0.1, 'minPerSecond': -1}}}",
            "userApi.guard.retry.budget.minPerSecond must be >= 0, was -1"),
        Arguments.of("{'retry': {'budget': {'ratio': 0}}}",
            "userApi.guard.retry.budget must allow some retries: ratio and minPerSecond were both 0"),
        Arguments.of("{'retry': {'budget': {'ratio': 0.1, 'window': '5ms'}}}",
            "userApi.guard.retry.budget.window must be >= 10ms, was 5ms"),
        Arguments.of("{'retry': {'budget': {'ratio': 0.1, 'perSecond': 1}}}", "userApi.guard.retry.budget.perSecond"
            + " is not a known key; known keys are minPerSecond, ratio, window"),
        Arguments.of("{'retry': {'retryOnRejection': 'yes'}}",
            "userApi.guard.retry.retryOnRejection must be true or false, was \"yes\""),
        // circuit breaker
        Arguments.of("{'circuitBreaker': {'failureRate': 1.5}}",
            "userApi.guard.circuitBreaker.failureRate must be in (0, 1], was 1.5"),
        Arguments.of("{'circuitBreaker': {'failureRate': 'high'}}",
            "userApi.guard.circuitBreaker.failureRate must be a number, was \"high\""),
        Arguments.of("{'circuitBreaker': {'slowCallRate': 0}}",
            "userApi.guard.circuitBreaker.slowCallRate must be in (0, 1], was 0.0"),
        Arguments.of("{'circuitBreaker': {'slowCallDuration': '0ms'}}",
            "userApi.guard.circuitBreaker.slowCallDuration must be >= 1ms, was 0ms"),
        Arguments.of("{'circuitBreaker': {'minimumCalls': 0}}",
            "userApi.guard.circuitBreaker.minimumCalls must be >= 1, was 0"),
        Arguments.of("{'circuitBreaker': {'window': '0s'}}",
            "userApi.guard.circuitBreaker.window must be >= 1ms, was 0ms"),
        Arguments.of("{'circuitBreaker': {'buckets': 0}}",
            "userApi.guard.circuitBreaker.buckets must be >= 1, was 0"),
        Arguments.of("{'circuitBreaker': {'buckets': 2000}}",
            "userApi.guard.circuitBreaker.buckets must be <= 1000, was 2000"),
        Arguments.of("{'circuitBreaker': {'window': '5ms', 'buckets': 10}}",
            "userApi.guard.circuitBreaker.window / buckets must be >= 1ms, was 5ms / 10"),
        Arguments.of("{'circuitBreaker': {'countWindow': 0}}",
            "userApi.guard.circuitBreaker.countWindow must be >= 1, was 0"),
        Arguments.of("{'circuitBreaker': {'window': '10s', 'countWindow': 10}}",
            "userApi.guard.circuitBreaker.countWindow must not be combined with window: a breaker has one kind"
                + " of window, was 10"),
        Arguments.of("{'circuitBreaker': {'countWindow': 10, 'halfLife': '10s'}}",
            "userApi.guard.circuitBreaker.halfLife must not be combined with countWindow: a breaker has one kind"
                + " of window, was \"10s\""),
        Arguments.of("{'circuitBreaker': {'countWindow': 10, 'buckets': 5}}",
            "userApi.guard.circuitBreaker.buckets applies to a time window only, not to countWindow, was 5"),
        Arguments.of("{'circuitBreaker': {'countWindow': 10, 'minimumCalls': 20}}",
            "userApi.guard.circuitBreaker.minimumCalls must be <= countWindow (10), was 20"),
        Arguments.of("{'circuitBreaker': {'halfLife': '0s'}}",
            "userApi.guard.circuitBreaker.halfLife must be >= 1ms, was 0ms"),
        Arguments.of("{'circuitBreaker': {'openFor': '0s'}}",
            "userApi.guard.circuitBreaker.openFor must be >= 1ms, was 0ms"),
        Arguments.of("{'circuitBreaker': {'openForMultiplier': 2}}",
            "userApi.guard.circuitBreaker.openForMax is required with openForMultiplier"),
        Arguments.of("{'circuitBreaker': {'openForMax': '5m'}}",
            "userApi.guard.circuitBreaker.openForMultiplier is required with openForMax"),
        Arguments.of("{'circuitBreaker': {'openForMultiplier': 0.5, 'openForMax': '5m'}}",
            "userApi.guard.circuitBreaker.openForMultiplier must be a finite number >= 1.0, was 0.5"),
        Arguments.of("{'circuitBreaker': {'openFor': '30s', 'openForMultiplier': 2, 'openForMax': '10s'}}",
            "userApi.guard.circuitBreaker.openForMax must be >= openFor (30s), was 10s"),
        Arguments.of("{'circuitBreaker': {'openJitter': 1}}",
            "userApi.guard.circuitBreaker.openJitter must be in [0, 1), was 1.0"),
        Arguments.of("{'circuitBreaker': {'openJitter': -0.1}}",
            "userApi.guard.circuitBreaker.openJitter must be in [0, 1), was -0.1"),
        Arguments.of("{'circuitBreaker': {'openJitter': '20%'}}",
            "userApi.guard.circuitBreaker.openJitter must be a number, was \"20%\""),
        Arguments.of("{'circuitBreaker': {'halfOpenCalls': 0}}",
            "userApi.guard.circuitBreaker.halfOpenCalls must be >= 1, was 0"),
        Arguments.of("{'circuitBreaker': {'probeTimeout': '0s'}}",
            "userApi.guard.circuitBreaker.probeTimeout must be >= 1ms, was 0ms"),
        Arguments.of("{'circuitBreaker': {'threshold': 0.5}}", "userApi.guard.circuitBreaker.threshold is not a"
            + " known key; known keys are buckets, countInFlightSlowCalls, countWindow, failureRate, halfLife,"
            + " halfOpenCalls, minimumCalls, openFor, openForMax, openForMultiplier, openJitter, probeTimeout,"
            + " slowCallDuration,"
            + " slowCallRate, window"),
        // bulkhead
        Arguments.of("{'bulkhead': {'maxConcurrentCalls': 0}}",
            "userApi.guard.bulkhead.maxConcurrentCalls must be >= 1, was 0"),
        Arguments.of("{'bulkhead': {'maxQueued': -1}}", "userApi.guard.bulkhead.maxQueued must be >= 0, was -1"),
        Arguments.of("{'bulkhead': {'maxWait': '0ms'}}", "userApi.guard.bulkhead.maxWait must be >= 1ms, was 0ms"),
        Arguments.of("{'bulkhead': {'size': 3}}", "userApi.guard.bulkhead.size is not a known key; known keys are"
            + " maxConcurrentCalls, maxQueued, maxWait"),
        // rate limiter
        Arguments.of("{'rateLimiter': {'per': '1s'}}", "userApi.guard.rateLimiter.permits is required"),
        Arguments.of("{'rateLimiter': {'permits': 10}}", "userApi.guard.rateLimiter.per is required"),
        Arguments.of("{'rateLimiter': {'permits': 0, 'per': '1s'}}",
            "userApi.guard.rateLimiter.permits must be >= 1, was 0"),
        Arguments.of("{'rateLimiter': {'permits': 10, 'per': '0s'}}",
            "userApi.guard.rateLimiter.per must be >= 1ms, was 0ms"),
        Arguments.of("{'rateLimiter': {'permits': 2000000, 'per': '1ms'}}",
            "userApi.guard.rateLimiter.permits must be at most 1 per nanosecond of per, was 2000000 per 1ms"),
        Arguments.of("{'rateLimiter': {'permits': 10, 'per': '1s', 'burst': 0}}",
            "userApi.guard.rateLimiter.burst must be >= 1, was 0"),
        Arguments.of("{'rateLimiter': {'permits': 10, 'per': '1s', 'maxWait': '-1s'}}",
            "userApi.guard.rateLimiter.maxWait must be >= 0ms, was -1s"),
        Arguments.of("{'rateLimiter': {'permits': 10, 'per': '1s', 'rate': 3}}", "userApi.guard.rateLimiter.rate is"
            + " not a known key; known keys are burst, maxWait, per, permits"),
        // order
        Arguments.of("{'order': 'retry', 'retry': {}}",
            "userApi.guard.order must be an array of strings, was \"retry\""),
        Arguments.of("{'order': [1], 'retry': {}}", "userApi.guard.order[0] must be a string, was 1"),
        Arguments.of("{'order': ['retry', 'fallback'], 'retry': {}}", "userApi.guard.order[1] must be one of bulkhead,"
            + " chaos, circuitBreaker, concurrencyLimit, hedge, rateLimiter, retry, stale, timeout, was \"fallback\""),
        Arguments.of("{'order': ['retry', 'retry'], 'retry': {}}",
            "userApi.guard.order[1] must not repeat a policy, was \"retry\" again"),
        Arguments.of("{'order': ['retry', 'bulkhead'], 'retry': {}}",
            "userApi.guard.order[1] names \"bulkhead\", which is not configured"),
        Arguments.of("{'order': ['retry'], 'retry': {}, 'timeout': '1s'}",
            "userApi.guard.order must list every configured policy, was missing \"timeout\""));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void an_invalid_configuration_is_refused_with_the_json_path_of_the_offending_key(String json, String message) {
    assertThatThrownBy(() -> GuardConfig.parse(json(json), PATH))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void a_null_document_is_refused() {
    assertThatThrownBy(() -> GuardConfig.parse(null, PATH)).hasMessage("json must not be null");
  }

  // ------------------------------------------------------------------------------------------ durations

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("800ms", ofMillis(800)),
        Arguments.of("30s", ofSeconds(30)),
        Arguments.of("1.5s", ofMillis(1500)),
        Arguments.of("5m", ofMinutes(5)),
        Arguments.of("2h", Duration.ofHours(2)),
        Arguments.of("1d", Duration.ofDays(1)),
        Arguments.of("250us", Duration.ofNanos(250_000)),
        Arguments.of("10ns", Duration.ofNanos(10)),
        Arguments.of(" 10 s ", ofSeconds(10)),
        Arguments.of("10S", ofSeconds(10)),
        Arguments.of("PT0.8S", ofMillis(800)),
        Arguments.of("PT5M", ofMinutes(5)),
        Arguments.of("-5s", ofSeconds(-5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("durations")
  void durations_are_written_with_a_unit_or_in_iso_8601(String text, Duration expected) {
    assertThat(DurationFormat.parse(text, "timeout")).isEqualTo(expected);
  }

  @ParameterizedTest(name = "[{index}] \"{0}\"")
  @ValueSource(strings = {"800", "", "ms", "1.5", "5 minutes", "P", "PTxS",
      "1e3ms"})
  void a_number_without_a_unit_or_anything_else_is_not_a_duration(String text) {
    assertThatThrownBy(() -> DurationFormat.parse(text, "cache.ttl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cache.ttl must be a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\", was \"" + text
            + "\"");
  }

  @Test
  void the_config_is_usable_as_a_list_of_its_policies_for_messages() {
    assertThat(GuardConfig.parse(json("{'timeout': '1s', 'retry': {}}"), PATH).toString())
        .isEqualTo("GuardConfig" + List.of("retry", "timeout"));
  }
}
