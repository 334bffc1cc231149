package dev.fusebox.stale;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.Outcome;
import dev.fusebox.ValidationException;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.testing.EventRecorder;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.testing.OnContext;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class StaleValueTest {

  private final ManualClock clock = new ManualClock();
  private final EventRecorder recorder = new EventRecorder();

  @Test
  void a_failure_is_answered_with_the_last_good_value_marked_stale_and_counted_as_a_fallback(Vertx vertx) {
    // given a value remembered for user 1
    StaleValue<String> stale = StaleValue.of("users", s -> s.asStale((value, age) -> value + " (" + age.toSeconds()
        + " s old)"));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(stale));
    OnContext loop = OnContext.eventLoop(vertx);
    assertThat(loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada"))).result()).isEqualTo("Ada");

    // when a later call for it fails, 30 s on
    clock.advance(ofSeconds(30));
    Future<String> result = loop.call(() -> guard.execute(1, () -> Future.failedFuture(new IOException("reset"))));

    // then the caller gets the remembered value, marked, as a FALLBACK outcome with a Served event
    assertThat(result.result()).isEqualTo("Ada (30 s old)");
    assertThat(recorder.outcomes()).containsExactly(Outcome.SUCCESS, Outcome.FALLBACK);
    StaleEvent.Served served = recorder.ofType(StaleEvent.Served.class).get(0);
    assertThat(served.age()).isEqualTo(ofSeconds(30));
    assertThat(served.cause()).hasMessage("reset");
    assertThat(stale.metrics()).isEqualTo(new StaleMetrics(1, 1, 0, 0, 1));
  }

  @Test
  void a_value_older_than_max_staleness_is_not_served_and_is_forgotten(Vertx vertx) {
    StaleValue<String> stale = StaleValue.of("users", s -> s.maxStaleness(ofMinutes(10)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(stale));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute("u1", () -> Future.succeededFuture("Ada")));

    clock.advance(ofMinutes(10));
    assertThat(loop.call(() -> guard.execute("u1", () -> Future.failedFuture(new IOException("down")))).result())
        .as("exactly max staleness old is still served").isEqualTo("Ada");
    clock.advance(ofMillis(1));
    Future<String> late = loop.call(() -> guard.execute("u1", () -> Future.failedFuture(new IOException("down"))));

    assertThat(late.cause()).hasMessage("down");
    assertThat(recorder.ofType(StaleEvent.Missed.class)).hasSize(1);
    assertThat(stale.cache().get("u1")).as("forgotten once too old").isNull();
    assertThat(stale.metrics().missed()).isEqualTo(1);
  }

  @Test
  void only_selected_failures_and_selected_results_are_used(Vertx vertx) {
    // given a policy that remembers only non-empty answers and answers only I/O failures
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .stale(s -> s.on(IOException.class).storeWhen(v -> !v.isEmpty())));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("")));

    // then an I/O failure gets the last remembered value, the empty answer having not replaced it
    assertThat(loop.call(() -> guard.execute(1, () -> Future.failedFuture(new IOException("x")))).result())
        .isEqualTo("Ada");
    // and another failure goes on untouched
    IllegalStateException bug = new IllegalStateException("bug");
    assertThat(loop.call(() -> guard.execute(1, () -> Future.<String>failedFuture(bug))).cause()).isSameAs(bug);
  }

  @Test
  void a_call_without_a_key_passes_through_and_keys_do_not_mix(Vertx vertx) {
    StaleValue<String> stale = StaleValue.of("users", s -> { });
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).stale(stale));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(() -> Future.succeededFuture("unkeyed")));
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));

    assertThat(stale.metrics().stored()).as("only the keyed call was remembered").isEqualTo(1);
    assertThat(loop.call(() -> guard.execute(() -> Future.failedFuture(new IOException("x")))).failed()).isTrue();
    assertThat(loop.call(() -> guard.execute(2, () -> Future.failedFuture(new IOException("x")))).failed())
        .as("user 2 has nothing remembered").isTrue();
    assertThatThrownBy(() -> guard.execute(null, () -> Future.succeededFuture("x")).toCompletionStage()
        .toCompletableFuture().join()).hasMessageContaining("key passed to guard 'users' is null");
  }

  @Test
  void concurrent_calls_for_one_key_share_one_call_and_its_outcome(Vertx vertx) {
    // given a call for user 7 in flight
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(s -> { }));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger upstreamCalls = new AtomicInteger();
    Promise<String> upstream = Promise.promise();
    List<Future<String>> results = new ArrayList<>();

    // when 100 callers ask for user 7 before it answers
    for (int i = 0; i < 100; i++) {
      results.add(loop.call(() -> guard.execute(7, () -> {
        upstreamCalls.incrementAndGet();
        return upstream.future();
      })));
    }
    loop.run(() -> upstream.complete("Grace"));
    loop.settle();

    // then the dependency was called once and every caller got its answer
    assertThat(upstreamCalls).hasValue(1);
    assertThat(results).allSatisfy(r -> assertThat(r.result()).isEqualTo("Grace"));
    assertThat(recorder.ofType(StaleEvent.Coalesced.class)).hasSize(99);
    // and the next call, after the flight landed, calls again
    loop.call(() -> guard.execute(7, () -> {
      upstreamCalls.incrementAndGet();
      return Future.succeededFuture("Grace 2");
    }));
    assertThat(upstreamCalls).hasValue(2);
  }

  @Test
  void callers_sharing_a_failed_call_all_get_the_stale_value_as_a_fallback(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(s -> { }));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(7, () -> Future.succeededFuture("Grace")));
    recorder.clear();
    Promise<String> upstream = Promise.promise();
    List<Future<String>> results = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      results.add(loop.call(() -> guard.execute(7, upstream::future)));
    }
    loop.run(() -> upstream.fail(new IOException("hung up")));
    loop.settle();

    assertThat(results).allSatisfy(r -> assertThat(r.result()).isEqualTo("Grace"));
    assertThat(recorder.outcomes()).hasSize(10).containsOnly(Outcome.FALLBACK);
  }

  @Test
  void without_coalescing_every_call_runs(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).stale(s -> s.coalesce(false)));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger calls = new AtomicInteger();
    Promise<String> upstream = Promise.promise();
    for (int i = 0; i < 5; i++) {
      loop.call(() -> guard.execute(7, () -> {
        calls.incrementAndGet();
        return upstream.future();
      }));
    }
    assertThat(calls).hasValue(5);
  }

  @Test
  void an_open_breaker_inside_is_answered_from_the_cache(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).stale(s -> { })
        .circuitBreaker(cb -> cb.failureRate(0.5).minimumCalls(2).openFor(ofSeconds(30))));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));
    loop.call(() -> guard.execute(2, () -> Future.failedFuture(new IOException("x"))));
    loop.call(() -> guard.execute(2, () -> Future.failedFuture(new IOException("x"))));
    AtomicInteger ran = new AtomicInteger();

    Future<String> result = loop.call(() -> guard.execute(1, () -> {
      ran.incrementAndGet();
      return Future.succeededFuture("fresh");
    }));

    assertThat(ran).as("the breaker is open").hasValue(0);
    assertThat(result.result()).isEqualTo("Ada");
    Future<String> uncached = loop.call(() -> guard.execute(3, () -> Future.succeededFuture("x")));
    assertThat(uncached.cause()).isInstanceOf(CircuitOpenException.class);
  }

  @Test
  void a_call_still_running_after_serve_stale_after_is_answered_from_the_cache_and_goes_on(Vertx vertx) {
    // given user 1 remembered and a stale value that answers after 900 ms, inside it a 1 s deadline
    StaleValue<String> stale = StaleValue.of("users", s -> s.serveStaleAfter(ofMillis(900))
        .asStale((value, age) -> value + " (stale)"));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(stale)
        .timeout(ofSeconds(1)));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));
    recorder.clear();

    // when the upstream hangs for user 1 (three callers, one flight) and for user 2 (nothing remembered)
    Promise<String> hung = Promise.promise();
    List<Future<String>> cached = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cached.add(loop.call(() -> guard.execute(1, hung::future)));
    }
    Future<String> uncached = loop.call(() -> guard.execute(2, () -> Promise.<String>promise().future()));
    clock.advance(ofMillis(899));
    loop.settle();
    assertThat(cached).as("not before serveStaleAfter").noneMatch(Future::isComplete);

    clock.advance(ofMillis(1));
    loop.settle();

    // then at 900 ms each caller of user 1 gets the remembered value, once, as a fallback with a timeout cause
    assertThat(cached).allSatisfy(r -> assertThat(r.result()).isEqualTo("Ada (stale)"));
    assertThat(recorder.ofType(StaleEvent.Served.class)).hasSize(3)
        .allSatisfy(e -> assertThat(e.cause()).isInstanceOf(GuardTimeoutException.class)
            .hasMessageContaining("900ms"));
    assertThat(recorder.outcomes()).containsExactly(Outcome.FALLBACK, Outcome.FALLBACK, Outcome.FALLBACK);
    assertThat(uncached.isComplete()).as("nothing remembered: it waits for its deadline").isFalse();

    // and the call goes on: when the deadline inside expires, nobody is answered or counted twice
    clock.advance(ofMillis(100));
    loop.settle();
    assertThat(uncached.cause()).isInstanceOf(GuardTimeoutException.class).hasMessageContaining("1s");
    assertThat(stale.metrics().servedStale()).isEqualTo(3);
    assertThat(recorder.ofType(StaleEvent.Served.class)).hasSize(3);
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void a_call_answered_early_still_refreshes_the_value_and_one_answered_in_time_cancels_its_timer(Vertx vertx) {
    StaleValue<String> stale = StaleValue.of("users", s -> s.serveStaleAfter(ofMillis(500)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(stale));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));

    // a slow answer: the caller gets the old value at 500 ms, the new one is remembered when it lands
    Promise<String> slow = Promise.promise();
    Future<String> early = loop.call(() -> guard.execute(1, slow::future));
    clock.advance(ofMillis(500));
    loop.settle();
    assertThat(early.result()).isEqualTo("Ada");
    loop.run(() -> slow.complete("Ada Lovelace"));
    loop.settle();
    assertThat(stale.cache().get(1).value()).isEqualTo("Ada Lovelace");
    assertThat(early.result()).as("answered once").isEqualTo("Ada");

    // an answer in time: the caller gets it and no timer is left behind
    Promise<String> quick = Promise.promise();
    Future<String> fresh = loop.call(() -> guard.execute(1, quick::future));
    clock.advance(ofMillis(499));
    loop.run(() -> quick.complete("Ada L."));
    loop.settle();
    assertThat(fresh.result()).isEqualTo("Ada L.");
    assertThat(clock.pendingTimers()).isZero();
    assertThat(stale.metrics().servedStale()).isEqualTo(1);
  }

  @Test
  void a_value_too_old_by_serve_stale_after_is_not_served_early(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .stale(s -> s.maxStaleness(ofSeconds(10)).serveStaleAfter(ofSeconds(1))));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));
    clock.advance(ofMillis(9_500));

    Future<String> result = loop.call(() -> guard.execute(1, () -> Promise.<String>promise().future()));
    clock.advance(ofSeconds(1));
    loop.settle();

    assertThat(result.isComplete()).as("10.5 s old when the timer fires: past maxStaleness").isFalse();
  }

  @Test
  void a_reload_keeps_the_remembered_values_under_new_settings(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).stale(s -> s.maxStaleness(ofMinutes(10))));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));

    guard.reconfigure(g -> g.stale(s -> s.maxStaleness(ofMinutes(1))));
    clock.advance(ofSeconds(59));
    assertThat(loop.call(() -> guard.execute(1, () -> Future.failedFuture(new IOException("x")))).result())
        .isEqualTo("Ada");
    clock.advance(ofSeconds(2));
    assertThat(loop.call(() -> guard.execute(1, () -> Future.failedFuture(new IOException("x")))).failed())
        .as("the new max staleness applies").isTrue();

    assertThatThrownBy(() -> guard.reconfigure(g -> g.stale(s -> s.maxEntries(5))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("stale.maxEntries")
        .hasMessageContaining("must stay 10000");
  }

  @Test
  void json_configures_it_and_names_what_is_wrong(Vertx vertx) {
    GuardConfig config = GuardConfig.parse(new JsonObject("""
        {"stale": {"maxStaleness": "1m", "maxEntries": 100}, "timeout": "1s"}"""), "users");
    assertThat(config.order()).containsExactly("stale", "timeout");
    Guard<String> guard = config.build(vertx, "users");
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(1, () -> Future.succeededFuture("Ada")));
    assertThat(loop.call(() -> guard.execute(1, () -> Future.failedFuture(new IOException("x")))).result())
        .isEqualTo("Ada");

    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject("""
        {"stale": {"maxEntries": 0}}"""), "users"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("users.stale.maxEntries")
        .hasMessageContaining("0");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject("""
        {"stale": {"serveStaleAfter": "0s"}}"""), "users"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("users.stale.serveStaleAfter");
    assertThat(GuardConfig.parse(new JsonObject("""
        {"stale": {"serveStaleAfter": "900ms"}, "timeout": "1s"}"""), "users").order())
        .containsExactly("stale", "timeout");
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject("""
        {"stale": {"maxAge": "1m"}}"""), "users"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("maxAge");
  }

  @Test
  void invalid_settings_fail_at_build_naming_the_field() {
    assertThatThrownBy(() -> StaleValue.<String>of("s", s -> s.maxStaleness(ofMillis(0))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("maxStaleness");
    assertThatThrownBy(() -> StaleValue.<String>of("s", s -> s.maxEntries(10).cache(StaleCache.bounded(5))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("maxEntries")
        .hasMessageContaining("bounds only the default cache");
    assertThatThrownBy(() -> StaleCache.bounded(0)).isInstanceOf(ValidationException.class)
        .hasMessageContaining("maxEntries");
  }

  @Test
  void the_bounded_cache_keeps_at_most_its_bound_and_forgets_the_oldest_keys_first() {
    StaleCache<String> cache = StaleCache.bounded(100);
    for (int i = 0; i < 1_000; i++) {
      cache.put(i, new StaleCache.Entry<>("v" + i, i));
      cache.put(i, new StaleCache.Entry<>("v" + i + " updated", i));
    }
    assertThat(cache.size()).as("an update takes no second place").isEqualTo(100);
    for (int i = 900; i < 1_000; i++) {
      assertThat(cache.get(i)).as("key %d, among the 100 newest", i).isNotNull();
    }
    assertThat(cache.get(899)).as("the oldest keys went first").isNull();
    assertThat(cache.get(999).value()).isEqualTo("v999 updated");
  }

  @Test
  void a_caller_that_gives_up_leaves_the_flight_and_the_last_one_to_leave_cancels_it(Vertx vertx) {
    // given a guard whose callers each have a 1 s budget outside the stale value, and a call for user 7 in flight
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).timeout(ofSeconds(1)).stale(s -> { }));
    OnContext loop = OnContext.eventLoop(vertx);
    AtomicInteger cancelled = new AtomicInteger();
    Promise<String> upstream = Promise.promise();
    Future<String> leader = loop.call(() -> guard.executeAttempt(7, attempt -> {
      attempt.onCancel(cancelled::incrementAndGet);
      return upstream.future();
    }));
    clock.advance(ofMillis(500));
    loop.settle();
    Future<String> joiner = loop.call(() -> guard.execute(7, () -> Future.succeededFuture("never runs")));

    // when the leader's budget runs out
    clock.advance(ofMillis(500));
    loop.settle();

    // then the leader times out but the call goes on for the joiner, which gets its answer
    assertThat(leader.failed()).isTrue();
    assertThat(cancelled).as("the joiner still waits: the call is not cancelled").hasValue(0);
    loop.run(() -> upstream.complete("Grace"));
    loop.settle();
    assertThat(joiner.result()).isEqualTo("Grace");

    // and when the only caller of a flight gives up, its call is cancelled
    Future<String> alone = loop.call(() -> guard.executeAttempt(8, attempt -> {
      attempt.onCancel(cancelled::incrementAndGet);
      return Promise.<String>promise().future();
    }));
    clock.advance(ofSeconds(1));
    loop.settle();
    assertThat(alone.failed()).isTrue();
    assertThat(cancelled).hasValue(1);
    // and a later call for that key starts afresh
    assertThat(loop.call(() -> guard.execute(8, () -> Future.succeededFuture("fresh"))).result()).isEqualTo("fresh");
  }

  @Test
  void every_caller_answered_stale_is_counted_and_reported(Vertx vertx) {
    StaleValue<String> stale = StaleValue.of("users", s -> { });
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).observer(recorder).stale(stale));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(7, () -> Future.succeededFuture("Grace")));
    Promise<String> upstream = Promise.promise();
    for (int i = 0; i < 5; i++) {
      loop.call(() -> guard.execute(7, upstream::future));
    }
    loop.run(() -> upstream.fail(new IOException("down")));
    loop.settle();
    assertThat(stale.metrics().servedStale()).isEqualTo(5);
    assertThat(recorder.ofType(StaleEvent.Served.class)).hasSize(5);
  }

  @Test
  void a_hedge_outside_does_not_make_a_call_wait_for_itself(Vertx vertx) {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .hedge(h -> h.delay(ofMillis(50))).stale(s -> { }));
    OnContext loop = OnContext.eventLoop(vertx);
    List<Promise<String>> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
    Future<String> result = loop.call(() -> guard.execute(7, () -> {
      Promise<String> p = Promise.promise();
      attempts.add(p);
      return p.future();
    }));
    clock.advance(ofMillis(50));
    loop.settle();
    assertThat(attempts).as("the hedge ran the operation again").hasSize(2);
    loop.run(() -> attempts.get(1).complete("from the hedge"));
    loop.settle();
    assertThat(result.result()).isEqualTo("from the hedge");
  }
}
