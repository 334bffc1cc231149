package dev.fusebox.reload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls on two event loops while another thread reloads the guard over and over, alternating a bulkhead of 4 and of
 * 8 and two breaker thresholds: no call fails, no permit is lost or duplicated, and the breaker's window (a 1 h time
 * window on a clock that never moves) counts every call exactly once — it was never reset — and its listener saw
 * every outcome. Bounded: a fixed number of calls, every wait capped.
 */
class ReloadUnderLoadTest {

  private static final int LOOPS = 2;
  private static final int WORKERS_PER_LOOP = 40;
  private static final int CALLS_PER_WORKER = 500;
  private static final int TOTAL = LOOPS * WORKERS_PER_LOOP * CALLS_PER_WORKER;

  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  private static GuardConfig config(int permits, double failureRate) {
    return GuardConfig.parse(new JsonObject()
        .put("bulkhead", new JsonObject().put("maxConcurrentCalls", permits).put("maxQueued", 1000)
            .put("maxWait", "1h"))
        .put("circuitBreaker", new JsonObject().put("window", "1h").put("buckets", 1)
            .put("minimumCalls", 1_000_000).put("failureRate", failureRate)), "guard");
  }

  @Test
  void reloadsUnderLoadOnTwoEventLoopsLoseNoPermitAndKeepTheBreakerState() throws Exception {
    // given a guard whose breaker has a listener, and operations that count how many run at once
    Guard<Integer> guard = Guard.of(vertx, "loaded", g -> config(4, 0.5).applyTo(g.clock(clock)));
    Bulkhead bulkhead = (Bulkhead) guard.policies().get(0);
    CircuitBreaker breaker = (CircuitBreaker) guard.policies().get(1);
    LongAdder successesSeen = new LongAdder();
    breaker.onEvent(event -> {
      if (event instanceof CircuitBreakerEvent.Success) {
        successesSeen.increment();
      }
    });
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    LongAdder succeeded = new LongAdder();
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    CountDownLatch done = new CountDownLatch(LOOPS * WORKERS_PER_LOOP);

    // when workers on two event loops call it while this thread reloads it
    for (int l = 0; l < LOOPS; l++) {
      Context loop = ((VertxInternal) vertx).createEventLoopContext();
      for (int w = 0; w < WORKERS_PER_LOOP; w++) {
        loop.runOnContext(v -> callFrom(loop, guard, CALLS_PER_WORKER, running, maxRunning, succeeded, failures,
            done));
      }
    }
    long reloads = 0;
    List<GuardConfig> configs = List.of(config(8, 0.8), config(4, 0.5));
    while (done.getCount() > 0 && reloads < 1_000_000) {
      guard.reconfigure(configs.get((int) (reloads++ % 2)));
    }
    assertThat(done.await(60, TimeUnit.SECONDS)).isTrue();

    // then
    assertThat(failures).isEmpty();
    assertThat(succeeded.sum()).isEqualTo(TOTAL);
    assertThat(reloads).isGreaterThan(10);
    assertThat(guard.generation()).isEqualTo(1 + reloads);
    assertThat(maxRunning.get()).isLessThanOrEqualTo(8);
    assertThat(bulkhead.metrics().inFlight()).isZero();
    assertThat(bulkhead.metrics().queued()).isZero();
    assertThat(guard.policies()).containsExactly(bulkhead, breaker);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics().calls()).isEqualTo(TOTAL);
    assertThat(successesSeen.sum()).isEqualTo(TOTAL);
    // every permit came back: as many calls as the bulkhead allows are admitted at once
    int permits = bulkhead.metrics().maxConcurrentCalls();
    List<Promise<Integer>> held = java.util.stream.IntStream.range(0, permits)
        .mapToObj(i -> Promise.<Integer>promise()).toList();
    for (Promise<Integer> p : held) {
      guard.execute(p::future);
    }
    assertThat(bulkhead.metrics().inFlight()).isEqualTo(permits);
    held.forEach(p -> p.complete(0));
  }

  private static void callFrom(Context loop, Guard<Integer> guard, int left, AtomicInteger running,
      AtomicInteger maxRunning, LongAdder succeeded, ConcurrentLinkedQueue<Throwable> failures, CountDownLatch done) {
    if (left == 0) {
      done.countDown();
      return;
    }
    guard.execute(() -> {
      int now = running.incrementAndGet();
      maxRunning.accumulateAndGet(now, Math::max);
      Promise<Integer> result = Promise.promise();
      // completes on a later turn of the loop, so calls overlap
      loop.runOnContext(v -> {
        running.decrementAndGet();
        result.complete(left);
      });
      return result.future();
    }).onComplete((value, failure) -> {
      if (failure != null) {
        failures.add(failure);
      } else {
        succeeded.increment();
      }
      callFrom(loop, guard, left - 1, running, maxRunning, succeeded, failures, done);
    });
  }
}
