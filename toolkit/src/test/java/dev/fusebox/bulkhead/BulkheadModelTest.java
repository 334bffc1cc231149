package dev.fusebox.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.Guard;
import dev.fusebox.testing.OnContext;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Model-based test of the bulkhead inside a guard: random sequences of calls, completions (in any order) and clock
 * advances that expire queued calls, against a reference of two plain lists (running calls, a FIFO queue with
 * deadlines). After every step both must agree on which calls ran, which were rejected, and on the permits and
 * queue the bulkhead reports: no permit is lost or duplicated.
 */
class BulkheadModelTest {

  private static final int MAX_CONCURRENT = 2;
  private static final int MAX_QUEUED = 2;
  private static final long MAX_WAIT_MS = 100;

  private static Vertx vertx;

  @BeforeContainer
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterContainer
  static void stopVertx() {
    vertx.close().await();
  }

  enum Kind { CALL, COMPLETE, ADVANCE }

  /** A step; {@code value} picks the call to complete or the milliseconds to advance. */
  record Step(Kind kind, int value) {
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(new Step(Kind.CALL, 0))),
        Tuple.of(3, Arbitraries.integers().between(0, 10).map(i -> new Step(Kind.COMPLETE, i))),
        Tuple.of(1, Arbitraries.integers().between(1, 150).map(ms -> new Step(Kind.ADVANCE, ms))))
        .list().ofMinSize(1).ofMaxSize(80);
  }

  @Property(tries = 150)
  void the_bulkhead_agrees_with_two_lists(@ForAll("steps") List<Step> steps) {
    ManualClock clock = new ManualClock();
    Bulkhead bulkhead = Bulkhead.of("model", b -> b.clock(clock).maxConcurrentCalls(MAX_CONCURRENT)
        .maxQueued(MAX_QUEUED).maxWait(Duration.ofMillis(MAX_WAIT_MS)));
    Guard<Integer> guard = Guard.of(vertx, "model", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    List<Promise<Integer>> started = new ArrayList<>();    // operations the bulkhead let run, in start order
    List<Future<Integer>> results = new ArrayList<>();
    List<Integer> startedIds = new ArrayList<>();
    Model model = new Model();
    long nowMs = 0;
    int i = 0;
    for (Step step : steps) {
      i++;
      switch (step.kind()) {
        case CALL -> {
          int id = results.size();
          results.add(loop.call(() -> guard.execute(() -> {
            Promise<Integer> operation = Promise.promise();
            started.add(operation);
            startedIds.add(id);
            return operation.future();
          })));
          model.call(id, nowMs);
        }
        case COMPLETE -> {
          int running = model.running.size();
          if (running > 0) {
            int pick = step.value() % running;
            int id = model.running.get(pick);
            Promise<Integer> operation = started.get(startedIds.indexOf(id));
            loop.run(() -> operation.complete(id));
            model.complete(pick, nowMs);
          }
        }
        case ADVANCE -> {
          nowMs += step.value();
          long target = nowMs;
          loop.run(() -> clock.advance(Duration.ofMillis(step.value())));
          model.advance(target);
        }
      }
      loop.settle();
      String where = "after step " + i + " of " + steps;
      assertThat(startedIds).as("calls that ran, " + where).isEqualTo(model.startedIds);
      for (int id = 0; id < results.size(); id++) {
        Future<Integer> result = results.get(id);
        boolean rejected = result.failed() && result.cause() instanceof BulkheadFullException;
        assertThat(rejected).as("call %d rejected, %s", id, where).isEqualTo(model.rejected.contains(id));
      }
      BulkheadMetrics metrics = bulkhead.metrics();
      assertThat(metrics.inFlight()).as("in flight, " + where).isEqualTo(model.running.size());
      assertThat(metrics.queued()).as("queued, " + where).isEqualTo(model.queue.size());
    }
  }

  /** The reference: running calls, and a FIFO queue of {id, deadline}. */
  private static final class Model {
    final List<Integer> running = new ArrayList<>();
    final Deque<long[]> queue = new ArrayDeque<>();
    final List<Integer> startedIds = new ArrayList<>();
    final List<Integer> rejected = new ArrayList<>();

    void call(int id, long nowMs) {
      if (running.size() < MAX_CONCURRENT) {
        start(id);
      } else if (queue.size() < MAX_QUEUED) {
        queue.addLast(new long[] {id, nowMs + MAX_WAIT_MS});
      } else {
        rejected.add(id);
      }
    }

    void complete(int pick, long nowMs) {
      running.remove(pick);
      if (!queue.isEmpty()) {
        start((int) queue.removeFirst()[0]);
      }
    }

    void advance(long nowMs) {
      queue.removeIf(q -> {
        boolean expired = q[1] <= nowMs;
        if (expired) {
          rejected.add((int) q[0]);
        }
        return expired;
      });
    }

    private void start(int id) {
      running.add(id);
      startedIds.add(id);
    }
  }
}
