package dev.fusebox.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Attempt;
import dev.fusebox.BulkheadFullException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.testing.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many clients on several event loops hammer one small bulkhead with operations that succeed, fail, throw, hang
 * until cancelled, or hang and ignore cancellation, under an outer timeout: the bulkhead never lets more than its
 * limit run, and no permit is lost. Bounded in calls and in time; asserts invariants, never speed.
 */
@ExtendWith(VertxExtension.class)
class BulkheadStressTest {

  private static final int LIMIT = 3;
  private static final int LOOPS = 4;
  private static final int CLIENTS_PER_LOOP = 6;
  private static final int CALLS_PER_CLIENT = 250;

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger maxRunning = new AtomicInteger();

  @Test
  void never_more_than_the_limit_in_flight_and_no_permit_lost(Vertx vertx) throws Exception {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(LIMIT).maxQueued(4)
        .maxWait(Duration.ofMillis(5)));
    LongAdder queuedEvents = new LongAdder();
    bulkhead.onEvent(event -> {
      if (event instanceof BulkheadEvent.Queued) {
        queuedEvents.increment();
      }
    });
    Guard<String> guard = Guard.of(vertx, "stress", g -> g.timeout(Duration.ofMillis(8)).bulkhead(bulkhead));
    List<Context> loops = new ArrayList<>();
    for (int i = 0; i < LOOPS; i++) {
      loops.add(OnContext.eventLoop(vertx).context());
    }
    int total = LOOPS * CLIENTS_PER_LOOP * CALLS_PER_CLIENT;
    CountDownLatch completed = new CountDownLatch(total);
    LongAdder succeeded = new LongAdder();
    LongAdder rejected = new LongAdder();
    LongAdder timedOut = new LongAdder();
    LongAdder failed = new LongAdder();

    for (Context loop : loops) {
      for (int c = 0; c < CLIENTS_PER_LOOP; c++) {
        loop.runOnContext(v -> client(vertx, loop, loops, guard, CALLS_PER_CLIENT, outcome -> {
          if (outcome == null) {
            succeeded.increment();
          } else if (outcome instanceof BulkheadFullException) {
            rejected.increment();
          } else if (outcome instanceof GuardTimeoutException) {
            timedOut.increment();
          } else {
            failed.increment();
          }
          completed.countDown();
        }));
      }
    }

    assertThat(completed.await(60, TimeUnit.SECONDS)).as("every call completed").isTrue();
    assertThat(maxRunning.get()).isLessThanOrEqualTo(LIMIT).isGreaterThan(0);
    assertThat(succeeded.sum() + rejected.sum() + timedOut.sum() + failed.sum()).isEqualTo(total);
    assertThat(rejected.sum()).as("the load did overflow the bulkhead").isPositive();
    assertThat(timedOut.sum()).as("some calls were cancelled by the timeout").isPositive();
    assertThat(queuedEvents.sum()).as("some calls waited in the queue").isPositive();
    assertThat(bulkhead.metrics().inFlight()).isZero();
    assertThat(bulkhead.metrics().queued()).isZero();

    // no permit was lost: LIMIT hanging calls are all admitted at once, none waits in the queue
    Guard<String> plain = Guard.of(vertx, "after", g -> g.bulkhead(bulkhead));
    OnContext check = OnContext.eventLoop(vertx);
    for (int i = 0; i < LIMIT; i++) {
      check.call(() -> plain.execute(Promise.<String>promise()::future));
    }
    assertThat(bulkhead.metrics().inFlight()).isEqualTo(LIMIT);
    assertThat(bulkhead.metrics().queued()).isZero();
  }

  /** One client: makes {@code calls} calls one after another, each starting on its loop's next turn. */
  private void client(Vertx vertx, Context loop, List<Context> loops, Guard<String> guard, int calls,
      java.util.function.Consumer<Throwable> done) {
    if (calls == 0) {
      return;
    }
    guard.executeAttempt(attempt -> operation(vertx, loops, attempt)).onComplete((value, failure) -> {
      done.accept(failure);
      loop.runOnContext(v -> client(vertx, loop, loops, guard, calls - 1, done));
    });
  }

  /** A randomly misbehaving operation that tracks how many operations run at once. */
  private Future<String> operation(Vertx vertx, List<Context> loops, Attempt attempt) {
    AtomicBoolean finished = new AtomicBoolean();
    int now = running.incrementAndGet();
    maxRunning.accumulateAndGet(now, Math::max);
    Runnable finish = () -> {
      if (finished.compareAndSet(false, true)) {
        running.decrementAndGet();
      }
    };
    ThreadLocalRandom random = ThreadLocalRandom.current();
    switch (random.nextInt(6)) {
      case 0 -> {
        finish.run();
        return Future.succeededFuture("at once");
      }
      case 1 -> {
        finish.run();
        throw new IllegalStateException("thrown");
      }
      case 2 -> {
        // completes later on another event loop, maybe after the timeout
        Promise<String> promise = Promise.promise();
        attempt.onCancel(finish);
        Context other = loops.get(random.nextInt(loops.size()));
        long delay = 1 + random.nextInt(10);
        vertx.setTimer(delay, id -> other.runOnContext(v -> {
          finish.run();
          if (random.nextBoolean()) {
            promise.tryComplete("late");
          } else {
            promise.tryFail(new IOException("late failure"));
          }
        }));
        return promise.future();
      }
      case 3 -> {
        // hangs until cancelled, then fails like a reset request
        Promise<String> promise = Promise.promise();
        attempt.onCancel(() -> {
          finish.run();
          promise.tryFail(new IOException("reset"));
        });
        return promise.future();
      }
      case 4 -> {
        // hangs and ignores cancellation: only the cancellation gives the permit back
        attempt.onCancel(finish);
        return Promise.<String>promise().future();
      }
      default -> {
        finish.run();
        return Future.failedFuture(new IOException("fails at once"));
      }
    }
  }
}
