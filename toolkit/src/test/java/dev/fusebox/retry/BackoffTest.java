package dev.fusebox.retry;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.testing.OnContext;
import dev.fusebox.retry.internal.RetryConfig;
import dev.fusebox.retry.internal.RetryImpl;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every backoff shape, driven through a guard on a manual clock: the delays taken, and that no attempt is early. */
@ExtendWith(VertxExtension.class)
class BackoffTest {

  private static final double ALMOST_ONE = Math.nextDown(1.0);

  private final ManualClock clock = new ManualClock();

  /** Thrown by the operation; carries a server-requested delay for the delayHint tests. */
  static final class Unavailable extends IOException {
    final Duration retryAfter;

    Unavailable(Duration retryAfter) {
      super("503");
      this.retryAfter = retryAfter;
    }
  }

  @Test
  void fixed_backoff_waits_the_same_delay_before_every_retry(Vertx vertx) {
    List<Duration> delays = delaysOf(vertx, retry(r -> r.maxAttempts(4).fixedBackoff(ofMillis(100))), 4);

    assertThat(delays).containsExactly(ofMillis(100), ofMillis(100), ofMillis(100));
  }

  @Test
  void exponential_backoff_doubles_up_to_its_maximum(Vertx vertx) {
    List<Duration> delays = delaysOf(vertx,
        retry(r -> r.maxAttempts(7).exponentialBackoff(ofMillis(100), ofMillis(1000))), 7);

    assertThat(delays).containsExactly(ofMillis(100), ofMillis(200), ofMillis(400), ofMillis(800), ofMillis(1000),
        ofMillis(1000));
  }

  @Test
  void exponential_backoff_grows_by_the_given_multiplier(Vertx vertx) {
    List<Duration> delays = delaysOf(vertx,
        retry(r -> r.maxAttempts(7).exponentialBackoff(ofMillis(10), ofMillis(1000), 3.0)), 7);

    assertThat(delays).containsExactly(ofMillis(10), ofMillis(30), ofMillis(90), ofMillis(270), ofMillis(810),
        ofMillis(1000));
  }

  @Test
  void jitter_randomises_the_given_fraction_of_the_delay_and_never_exceeds_it() {
    RetryConfig config = ((RetryImpl) Retry.of("users", r -> r
        .exponentialBackoff(ofMillis(100), ofMillis(1000)).jitter(0.25))).config();

    // The bounds, reached with the extreme draws: from d * (1 - jitter) to d.
    assertThat(config.backoffNanos(1, 0, 0.0)).isEqualTo(ofMillis(100).toNanos());
    assertThat(config.backoffNanos(1, 0, ALMOST_ONE)).isBetween(ofMillis(75).toNanos(), ofMillis(75).toNanos() + 10);
    assertThat(config.backoffNanos(3, 0, 0.0)).isEqualTo(ofMillis(400).toNanos());
    assertThat(config.backoffNanos(3, 0, 0.5)).isEqualTo(ofMillis(350).toNanos());
    assertThat(config.backoffNanos(9, 0, 0.0)).isEqualTo(ofMillis(1000).toNanos());
    assertThat(config.backoffNanos(9, 0, ALMOST_ONE)).isBetween(ofMillis(750).toNanos(), ofMillis(750).toNanos() + 10);
  }

  @Test
  void full_jitter_can_retry_at_once_and_a_zero_delay_needs_no_timer(Vertx vertx) {
    RetryImpl retry = (RetryImpl) Retry.of("users", r -> r.maxAttempts(3).fixedBackoff(ofMillis(100)).jitter(1.0));
    RetryImpl drawingOne = new RetryImpl(retry.config().withRandom(() -> 1.0));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(drawingOne));

    Future<String> result = loop.call(() -> guard.execute(() -> {
      attempts.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    loop.settle();

    assertThat(attempts).hasValue(3);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(result.failed()).isTrue();
  }

  @Test
  void jittered_delays_through_a_guard_stay_within_bounds_and_vary(Vertx vertx) {
    List<Duration> delays = delaysOf(vertx,
        retry(r -> r.maxAttempts(41).fixedBackoff(ofMillis(100)).jitter(0.3)), 41);

    assertThat(delays).hasSize(40).allSatisfy(d -> assertThat(d)
        .isGreaterThanOrEqualTo(ofMillis(70)).isLessThanOrEqualTo(ofMillis(100)));
    assertThat(new HashSet<>(delays)).hasSizeGreaterThan(1);
  }

  @Test
  void decorrelated_jitter_draws_between_the_base_and_three_times_the_previous_delay(Vertx vertx) {
    List<Duration> delays = delaysOf(vertx,
        retry(r -> r.maxAttempts(41).decorrelatedJitterBackoff(ofMillis(10), ofMillis(200))), 41);

    Duration previous = ofMillis(10);
    for (Duration d : delays) {
      Duration upper = min(ofMillis(200), previous.multipliedBy(3));
      assertThat(d).isGreaterThanOrEqualTo(ofMillis(10)).isLessThanOrEqualTo(upper);
      previous = d;
    }
    assertThat(new HashSet<>(delays)).hasSizeGreaterThan(1);
  }

  @Test
  void decorrelated_jitter_reaches_its_bounds_with_extreme_draws(Vertx vertx) {
    List<Duration> highest = delaysOf(vertx, withRandom(r -> r.maxAttempts(5)
        .decorrelatedJitterBackoff(ofMillis(10), ofMillis(200)), () -> ALMOST_ONE), 5);
    List<Duration> lowest = delaysOf(vertx, withRandom(r -> r.maxAttempts(4)
        .decorrelatedJitterBackoff(ofMillis(10), ofMillis(200)), () -> 0.0), 4);

    // 10ms * 3 = 30, * 3 = 90, * 3 = 270 capped at 200, then 200: each just below its upper bound.
    assertThat(highest.get(0)).isBetween(ofMillis(29), ofMillis(30));
    assertThat(highest.get(1)).isBetween(ofMillis(89), ofMillis(90));
    assertThat(highest.get(2)).isBetween(ofMillis(199), ofMillis(200));
    assertThat(highest.get(3)).isBetween(ofMillis(199), ofMillis(200));
    assertThat(lowest).containsExactly(ofMillis(10), ofMillis(10), ofMillis(10));
  }

  @Test
  void a_server_hint_is_never_shortened_and_one_longer_than_the_retry_may_wait_stops_it(Vertx vertx) {
    List<Duration> hinted = new ArrayList<>();
    List<Duration> requested = List.of(ofMillis(250), ofMillis(-5), ofMillis(3000), ofMillis(1));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger attempts = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(r -> r
        .maxAttempts(4).exponentialBackoff(ofMillis(100), ofMillis(1000))
        .delayHint(failure -> ((Unavailable) failure).retryAfter)));

    loop.call(() -> guard.execute(() ->
        Future.failedFuture(new Unavailable(requested.get(attempts.getAndIncrement())))));
    for (int i = 0; i < 2; i++) {
      loop.settle();
      hinted.add(clock.pendingDelays().get(0));
      clock.advance(clock.pendingDelays().get(0));
    }
    loop.settle();

    // 250 ms is longer than the first backoff (100 ms) and taken as asked; a negative hint is no hint (backoff
    // 200 ms); 3 s is longer than the retry may wait (its 1 s cap), so it stops there and the caller gets that
    // failure rather than a retry 2 s before the server asked.
    assertThat(hinted).containsExactly(ofMillis(250), ofMillis(200));
    assertThat(attempts).hasValue(3);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void max_delay_lets_a_server_ask_for_longer_than_the_backoff(Vertx vertx) {
    List<Duration> delays = delaysOf(vertx, retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))
        .maxDelay(Duration.ofSeconds(30)).delayHint(failure -> Duration.ofSeconds(5))), 2);

    assertThat(delays).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void a_hint_that_is_null_or_throws_falls_back_to_the_backoff(Vertx vertx) {
    List<Duration> whenNull = delaysOf(vertx, retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))
        .delayHint(failure -> null)), 2);
    List<Duration> whenThrowing = delaysOf(vertx, retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))
        .delayHint(failure -> {
          throw new IllegalStateException("bad header");
        })), 2);

    assertThat(whenNull).containsExactly(ofMillis(100));
    assertThat(whenThrowing).containsExactly(ofMillis(100));
  }

  // ------------------------------------------------------------------------------------------------ helpers

  private static Retry retry(Consumer<RetrySpec> block) {
    return Retry.of("users", block);
  }

  private static Retry withRandom(Consumer<RetrySpec> block, DoubleSupplier random) {
    return new RetryImpl(((RetryImpl) Retry.of("users", block)).config().withRandom(random));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /**
   * Runs one always-failing call through a guard with {@code retry} and returns the delays before each retry,
   * checking that no attempt starts a nanosecond early and that the call fails after {@code attempts} attempts.
   */
  private List<Duration> delaysOf(Vertx vertx, Retry retry, int attempts) {
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger calls = new AtomicInteger();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).retry(retry));
    Future<String> result = loop.call(() -> guard.execute(() -> {
      calls.incrementAndGet();
      return Future.failedFuture(new IOException("down"));
    }));
    List<Duration> delays = new ArrayList<>();
    for (int attempt = 1; attempt < attempts; attempt++) {
      loop.settle();
      assertThat(calls).hasValue(attempt);
      assertThat(clock.pendingDelays()).hasSize(1);
      Duration delay = clock.pendingDelays().get(0);
      delays.add(delay);
      clock.advance(delay.minusNanos(1));
      loop.settle();
      assertThat(calls).as("attempt %d must not start before its delay", attempt + 1).hasValue(attempt);
      clock.advance(Duration.ofNanos(1));
    }
    loop.settle();
    assertThat(calls).hasValue(attempts);
    assertThat(clock.pendingTimers()).isZero();
    assertThat(result.failed()).isTrue();
    assertThat(result.cause()).isInstanceOf(IOException.class);
    return delays;
  }
}
