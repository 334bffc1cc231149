package dev.fusebox.circuitbreaker;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** State machine of the breaker, driven by a manual clock and already-completed futures. */
class CircuitBreakerTest {

  private final ManualClock clock = new ManualClock();

  private CircuitBreaker breaker(java.util.function.Consumer<CircuitBreakerSpec> more) {
    return CircuitBreaker.of("users", spec -> {
      spec.clock(clock).countWindow(10).minimumCalls(4).failureRate(0.5).openFor(ofSeconds(30)).halfOpenCalls(2);
      more.accept(spec);
    });
  }

  private static Future<String> succeed(CircuitBreaker cb) {
    return cb.execute(() -> Future.succeededFuture("ok"));
  }

  private static Future<String> fail(CircuitBreaker cb) {
    return cb.execute(() -> Future.failedFuture(new IOException("boom")));
  }

  private static void trip(CircuitBreaker cb) {
    for (int i = 0; i < 4; i++) {
      fail(cb);
    }
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
  }

  @Nested
  class CountWindow {

    @Test
    void opensOnceMinimumCallsReachedAndRateAtThreshold() {
      CircuitBreaker cb = breaker(s -> { });
      // given 3 failures: below minimumCalls, still closed
      fail(cb);
      fail(cb);
      fail(cb);
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      // when the 4th call (a success) makes 3/4 = 75 % >= 50 %
      succeed(cb);
      // then
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void staysClosedBelowThreshold() {
      CircuitBreaker cb = breaker(s -> { });
      for (int i = 0; i < 10; i++) {
        if (i % 3 == 2) {
          fail(cb);
        } else {
          succeed(cb);
        }
      }
      // 3 failures of 10 = 30 % < 50 %, and never above 33 % on the way
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      assertThat(cb.metrics().failureRate()).isEqualTo(0.3);
      assertThat(cb.metrics().calls()).isEqualTo(10);
    }

    @Test
    void oldOutcomesLeaveTheWindow() {
      CircuitBreaker cb = breaker(s -> s.minimumCalls(10).failureRate(0.6));
      // 5 failures then 5 successes: 50 % < 60 %
      for (int i = 0; i < 5; i++) {
        fail(cb);
      }
      for (int i = 0; i < 5; i++) {
        succeed(cb);
      }
      // 10 more successes push every failure out
      for (int i = 0; i < 10; i++) {
        succeed(cb);
      }
      assertThat(cb.metrics().failedCalls()).isZero();
      assertThat(cb.metrics().calls()).isEqualTo(10);
    }
  }

  @Nested
  class TimeWindow {

    @Test
    void failuresOlderThanTheWindowAreForgotten() {
      CircuitBreaker cb = CircuitBreaker.of("t", s -> s.clock(clock).window(ofSeconds(10), 10).minimumCalls(4));
      // given 3 failures
      fail(cb);
      fail(cb);
      fail(cb);
      // when the window slides past them
      clock.advance(ofSeconds(11));
      succeed(cb);
      // then they no longer count: 1 call, 0 failures
      assertThat(cb.metrics().calls()).isEqualTo(1);
      assertThat(cb.metrics().failedCalls()).isZero();
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void opensWithinOneWindow() {
      CircuitBreaker cb = CircuitBreaker.of("t", s -> s.clock(clock).window(ofSeconds(10)).minimumCalls(4));
      fail(cb);
      clock.advance(ofSeconds(3));
      fail(cb);
      clock.advance(ofSeconds(3));
      succeed(cb);
      clock.advance(ofSeconds(3));
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      fail(cb);
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void partialExpiryKeepsRecentBuckets() {
      CircuitBreaker cb = CircuitBreaker.of("t", s -> s.clock(clock).window(ofSeconds(10), 10).minimumCalls(100));
      fail(cb);
      clock.advance(ofSeconds(5));
      succeed(cb);
      succeed(cb);
      clock.advance(ofMillis(5_500));
      // the failure at t=0 is out, the successes at t=5 are in
      assertThat(cb.metrics().calls()).isEqualTo(2);
      assertThat(cb.metrics().failedCalls()).isZero();
    }
  }

  @Nested
  class DecayingWindow {

    @Test
    void outcomesWeighHalfAfterEachHalfLife() {
      CircuitBreaker d = CircuitBreaker.of("d", s -> s.clock(clock).decayingWindow(ofSeconds(10)).minimumCalls(1)
          .failureRate(0.45));
      succeed(d);
      succeed(d);
      clock.advance(ofSeconds(10));
      // after one half-life the two successes weigh 1.0 together
      assertThat(d.metrics().calls()).isEqualTo(1);
      fail(d);
      // 1 failure against 1.0 of decayed successes: a rate of 50 % >= 45 %
      assertThat(d.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void withoutDecayTheSameCallsWouldNotOpen() {
      CircuitBreaker d = CircuitBreaker.of("d", s -> s.clock(clock).decayingWindow(ofSeconds(10)).minimumCalls(1)
          .failureRate(0.45));
      succeed(d);
      succeed(d);
      fail(d);
      // 1 failure of 3 undecayed calls: 33 %
      assertThat(d.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void recentSuccessesOutweighOldFailures() {
      CircuitBreaker d = CircuitBreaker.of("d", s -> s.clock(clock).decayingWindow(ofSeconds(1)).minimumCalls(3)
          .failureRate(0.5));
      fail(d);
      fail(d);
      clock.advance(ofSeconds(5)); // weights of the failures: 2 / 32
      succeed(d);
      succeed(d);
      succeed(d);
      assertThat(d.state()).isEqualTo(CircuitState.CLOSED);
      assertThat(d.metrics().failureRate()).isLessThan(0.03);
    }
  }

  @Nested
  class SlowCalls {

    @Test
    void opensOnSlowCallRate() {
      CircuitBreaker cb = breaker(s -> s.slowCallDuration(ofMillis(100)).slowCallRate(0.5));
      List<Promise<String>> pending = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Promise<String> p = Promise.promise();
        pending.add(p);
        cb.execute(p::future);
      }
      // two slow successes, two fast ones
      pending.get(0).complete("fast");
      pending.get(1).complete("fast");
      clock.advance(ofMillis(150));
      pending.get(2).complete("slow");
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      pending.get(3).complete("slow");
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
      assertThat(cb.metrics().slowCallRate()).isEqualTo(0.5);
      assertThat(cb.metrics().failureRate()).isZero();
    }
  }

  @Nested
  class Classification {

    @Test
    void ignoredExceptionsNeitherCountNorTrip() {
      CircuitBreaker cb = breaker(s -> s.ignore(IllegalStateException.class));
      for (int i = 0; i < 10; i++) {
        cb.execute(() -> Future.failedFuture(new IllegalStateException("client error")));
      }
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      assertThat(cb.metrics().calls()).isZero();
    }

    @Test
    void recordOnLimitsWhatCounts() {
      CircuitBreaker cb = breaker(s -> s.recordOn(IOException.class));
      for (int i = 0; i < 10; i++) {
        cb.execute(() -> Future.failedFuture(new IllegalArgumentException()));
      }
      assertThat(cb.metrics().calls()).isZero();
      trip(cb);
    }

    @Test
    void resultsCanBeFailures() {
      CircuitBreaker cb = breaker(s -> s.failOnResult(r -> r instanceof Integer status && status >= 500));
      for (int i = 0; i < 4; i++) {
        Future<Integer> f = cb.execute(() -> Future.succeededFuture(503));
        // the caller still gets the result
        assertThat(f.result()).isEqualTo(503);
      }
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void throwingPredicateIgnoresTheOutcome() {
      CircuitBreaker cb = breaker(s -> s.failOnResult(r -> {
        throw new IllegalStateException("bad predicate");
      }));
      for (int i = 0; i < 10; i++) {
        assertThat(succeed(cb).succeeded()).isTrue();
      }
      assertThat(cb.metrics().calls()).isZero();
    }

    @Test
    void operationThatThrowsOrReturnsNullIsAFailedFutureAndAFailure() {
      CircuitBreaker cb = breaker(s -> { });
      Future<String> thrown = cb.execute(() -> {
        throw new IllegalStateException("thrown");
      });
      Future<String> nulled = cb.execute(() -> null);
      assertThat(thrown.cause()).hasMessage("thrown");
      assertThat(nulled.cause()).isInstanceOf(NullPointerException.class).hasMessageContaining("returned null");
      assertThat(cb.metrics().failedCalls()).isEqualTo(2);
    }
  }

  @Nested
  class OpenAndHalfOpen {

    @Test
    void rejectsWhileOpenWithTimeUntilHalfOpen() {
      CircuitBreaker cb = breaker(s -> { });
      trip(cb);
      clock.advance(ofSeconds(10));
      AtomicInteger ran = new AtomicInteger();
      Future<String> rejected = cb.execute(() -> {
        ran.incrementAndGet();
        return Future.succeededFuture("x");
      });
      assertThat(ran).hasValue(0);
      assertThat(rejected.cause()).isInstanceOfSatisfying(CircuitOpenException.class, e -> {
        assertThat(e.policyName()).isEqualTo("users");
        assertThat(e.state()).isEqualTo(CircuitState.OPEN);
        assertThat(e.retryAfter()).isEqualTo(ofSeconds(20));
        assertThat(e.getMessage()).contains("'users'", "OPEN", "20s");
        assertThat(e.getStackTrace()).isEmpty();
      });
      assertThat(cb.metrics().rejectedCalls()).isEqualTo(1);
    }

    @Test
    void halfOpensLazilyOnTheFirstCallAfterOpenDuration() {
      CircuitBreaker cb = breaker(s -> { });
      trip(cb);
      clock.advance(ofSeconds(30));
      // no call yet: still reported OPEN
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
      Promise<String> probe = Promise.promise();
      cb.execute(probe::future);
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void admitsAtMostHalfOpenCallsProbesPerHalfOpenPeriod() {
      CircuitBreaker cb = breaker(s -> { });
      trip(cb);
      clock.advance(ofSeconds(30));
      Promise<String> p1 = Promise.promise();
      Promise<String> p2 = Promise.promise();
      cb.execute(p1::future);
      cb.execute(p2::future);
      Future<String> third = succeed(cb);
      assertThat(third.cause()).isInstanceOfSatisfying(CircuitOpenException.class,
          e -> assertThat(e.state()).isEqualTo(CircuitState.HALF_OPEN));
      // one probe succeeds: one success is not enough to close, and its place is not given to another probe
      // (regression: a success freed its slot, so a period straddling a recovery admitted up to 2n - 1 probes)
      p1.complete("ok");
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
      assertThat(succeed(cb).cause()).isInstanceOf(CircuitOpenException.class);
      // second success closes
      p2.complete("ok");
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void aProbeWhoseOutcomeIsIgnoredGivesItsPlaceBack() {
      CircuitBreaker cb = breaker(s -> s.ignore(IllegalArgumentException.class));
      trip(cb);
      clock.advance(ofSeconds(30));
      Promise<String> p1 = Promise.promise();
      Promise<String> p2 = Promise.promise();
      cb.execute(p1::future);
      cb.execute(p2::future);
      // an ignored outcome decides nothing and frees its slot: a third probe is admitted
      p1.fail(new IllegalArgumentException("not the dependency's fault"));
      Promise<String> p3 = Promise.promise();
      assertThat(cb.execute(p3::future).isComplete()).isFalse();
      p2.complete("ok");
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
      p3.complete("ok");
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void probeFailureReopens() {
      CircuitBreaker cb = breaker(s -> { });
      trip(cb);
      clock.advance(ofSeconds(30));
      fail(cb);
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
      assertThat(((CircuitOpenException) succeed(cb).cause()).retryAfter()).isEqualTo(ofSeconds(30));
    }

    @Test
    void openDurationGrowsOnConsecutiveReopeningsAndResetsOnClose() {
      CircuitBreaker cb = breaker(s -> s.openForBackoff(2.0, ofSeconds(100)));
      trip(cb);
      List<Duration> openFor = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        openFor.add(((CircuitOpenException) succeed(cb).cause()).retryAfter());
        clock.advance(openFor.get(i));
        fail(cb); // probe fails -> reopen, longer
      }
      assertThat(openFor).containsExactly(ofSeconds(30), ofSeconds(60), ofSeconds(100), ofSeconds(100));
      // close it, then trip again: back to the base duration
      clock.advance(ofSeconds(100));
      succeed(cb);
      succeed(cb);
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      trip(cb);
      assertThat(((CircuitOpenException) succeed(cb).cause()).retryAfter()).isEqualTo(ofSeconds(30));
    }

    @Test
    void hungProbeGivesItsPermitBackAfterProbeTimeout() {
      CircuitBreaker cb = breaker(s -> s.halfOpenCalls(1).probeTimeout(ofSeconds(5)));
      trip(cb);
      clock.advance(ofSeconds(30));
      Promise<String> hung = Promise.promise();
      cb.execute(hung::future);
      assertThat(succeed(cb).failed()).as("permit taken by the hung probe").isTrue();
      // when the probe timeout passes
      clock.advance(ofSeconds(5));
      // then a new probe is admitted and closes the breaker
      assertThat(succeed(cb).succeeded()).isTrue();
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      // and the hung probe failing late changes nothing
      hung.fail(new IOException("late"));
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void ignoredProbeFreesItsPermitWithoutDeciding() {
      CircuitBreaker cb = breaker(s -> s.halfOpenCalls(1).ignore(IllegalStateException.class));
      trip(cb);
      clock.advance(ofSeconds(30));
      cb.execute(() -> Future.failedFuture(new IllegalStateException()));
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
      assertThat(succeed(cb).succeeded()).isTrue();
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Nested
  class LateResults {

    @Test
    void lateFailureFromClosedDoesNotReopenHalfOpen() {
      CircuitBreaker cb = breaker(s -> { });
      // given a slow call admitted while CLOSED
      Promise<String> slow = Promise.promise();
      cb.execute(slow::future);
      trip(cb);
      clock.advance(ofSeconds(30));
      Promise<String> probe = Promise.promise();
      cb.execute(probe::future);
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
      // when it fails after the breaker moved to HALF_OPEN
      slow.fail(new IOException("late"));
      // then the breaker stays HALF_OPEN
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
    }

    @Test
    void lateSuccessDoesNotCloseAnOpenBreaker() {
      CircuitBreaker cb = breaker(s -> { });
      List<Promise<String>> slow = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        Promise<String> p = Promise.promise();
        slow.add(p);
        cb.execute(p::future);
      }
      trip(cb);
      slow.forEach(p -> p.complete("late"));
      assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    }

    @Test
    void lateProbeFromAnEarlierHalfOpenPeriodDecidesNothing() {
      CircuitBreaker cb = breaker(s -> s.halfOpenCalls(1));
      trip(cb);
      clock.advance(ofSeconds(30));
      Promise<String> firstProbe = Promise.promise();
      cb.execute(firstProbe::future);
      cb.forceOpen();
      cb.reset();
      trip(cb);
      clock.advance(ofSeconds(30));
      Promise<String> secondProbe = Promise.promise();
      cb.execute(secondProbe::future);
      firstProbe.fail(new IOException("late"));
      assertThat(cb.state()).isEqualTo(CircuitState.HALF_OPEN);
      secondProbe.complete("ok");
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Nested
  class ManualControl {

    @Test
    void forceOpenRejectsUntilReset() {
      CircuitBreaker cb = breaker(s -> { });
      cb.forceOpen();
      clock.advance(ofSeconds(3600));
      assertThat(succeed(cb).cause()).isInstanceOfSatisfying(CircuitOpenException.class,
          e -> assertThat(e.state()).isEqualTo(CircuitState.FORCED_OPEN));
      cb.reset();
      assertThat(succeed(cb).succeeded()).isTrue();
    }

    @Test
    void disabledPassesEverythingButStillRecords() {
      CircuitBreaker cb = breaker(s -> { });
      cb.disable();
      for (int i = 0; i < 10; i++) {
        assertThat(fail(cb).cause()).isInstanceOf(IOException.class);
      }
      assertThat(cb.state()).isEqualTo(CircuitState.DISABLED);
      assertThat(cb.metrics().failedCalls()).isEqualTo(10);
      assertThat(cb.metrics().failureRate()).isEqualTo(1.0);
    }

    @Test
    void resetEmptiesTheWindow() {
      CircuitBreaker cb = breaker(s -> { });
      trip(cb);
      cb.reset();
      assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
      assertThat(cb.metrics().calls()).isZero();
    }
  }

  @Nested
  class Events {

    @Test
    void transitionsAndOutcomesAreDeliveredInOrder() {
      CircuitBreaker cb = breaker(s -> { });
      List<String> seen = new ArrayList<>();
      cb.onEvent(e -> seen.add(e.getClass().getSimpleName() + (e instanceof CircuitBreakerEvent.StateTransition t
          ? ":" + t.label() : "")));
      trip(cb);
      succeed(cb);
      clock.advance(ofSeconds(30));
      succeed(cb);
      succeed(cb);
      cb.execute(() -> Future.failedFuture(new Error("x")));
      assertThat(seen).containsExactly(
          "Failure", "Failure", "Failure", "Failure", "StateTransition:closed_to_open",
          "Rejected",
          "StateTransition:open_to_half_open", "Success", "Success", "StateTransition:half_open_to_closed",
          "Failure");
    }

    @Test
    void throwingListenerNeverStopsOthersNorTheCall() {
      CircuitBreaker cb = breaker(s -> { });
      AtomicInteger second = new AtomicInteger();
      cb.onEvent(e -> {
        throw new IllegalStateException("listener bug");
      });
      cb.onStateTransition(t -> second.incrementAndGet());
      trip(cb);
      assertThat(second).hasValue(1);
      assertThat(succeed(cb).cause()).isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void closedSubscriptionStopsDelivery() {
      CircuitBreaker cb = breaker(s -> { });
      AtomicInteger count = new AtomicInteger();
      var subscription = cb.onEvent(e -> count.incrementAndGet());
      succeed(cb);
      subscription.close();
      succeed(cb);
      assertThat(count).hasValue(1);
    }
  }
}
