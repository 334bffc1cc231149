package dev.fusebox.bulkhead;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.spi.Clock;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BulkheadTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void admits_up_to_the_limit_and_rejects_the_next_call_at_once(Vertx vertx) {
    // given a bulkhead of 2 with two calls in flight
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(2));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    Promise<String> first = Promise.promise();
    Promise<String> second = Promise.promise();
    loop.call(() -> guard.execute(first::future));
    loop.call(() -> guard.execute(second::future));

    // when a third call comes
    AtomicInteger ran = new AtomicInteger();
    Future<String> third = loop.call(() -> guard.execute(() -> {
      ran.incrementAndGet();
      return Future.succeededFuture("x");
    }));

    // then it is rejected without running, with the numbers a caller needs
    assertThat(ran).hasValue(0);
    assertThat(third.cause()).isInstanceOfSatisfying(BulkheadFullException.class, e -> {
      assertThat(e.policyName()).isEqualTo("pool");
      assertThat(e.maxConcurrentCalls()).isEqualTo(2);
      assertThat(e.maxQueued()).isZero();
      assertThat(e.queueTimedOut()).isFalse();
      assertThat(e.getStackTrace()).isEmpty();
    });
    assertThat(bulkhead.metrics()).isEqualTo(new BulkheadMetrics(2, 0, 2, 0, 2, 1, 0));

    // and once a call completes, its permit serves the next call
    loop.run(() -> first.complete("done"));
    Future<String> fourth = loop.call(() -> guard.execute(() -> Future.succeededFuture("x")));
    assertThat(fourth.result()).isEqualTo("x");
    assertThat(bulkhead.metrics().inFlight()).isEqualTo(1);
  }

  @Test
  void a_permit_comes_back_on_success_failure_throw_and_null(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(1));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    List<Supplier<Future<String>>> operations = List.of(
        () -> Future.succeededFuture("ok"),
        () -> Future.failedFuture(new IOException("down")),
        () -> {
          throw new IllegalStateException("bug");
        },
        () -> null,
        () -> {
          Promise<String> later = Promise.promise();
          vertx.runOnContext(v -> later.fail(new IOException("later")));
          return later.future();
        });

    for (Supplier<Future<String>> operation : operations) {
      Future<String> result = loop.call(() -> guard.execute(operation));
      loop.settle();
      assertThat(result.isComplete()).isTrue();
      assertThat(result.cause() instanceof BulkheadFullException).as("rejected").isFalse();
      assertThat(bulkhead.metrics().inFlight()).isZero();
    }
    assertThat(bulkhead.metrics().permitted()).isEqualTo(5);
  }

  @Test
  void queued_calls_run_first_in_first_out_as_permits_come_back(Vertx vertx) {
    // given one call in flight and three queued
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(1).maxQueued(3).maxWait(Duration.ofSeconds(5)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    List<String> started = new CopyOnWriteArrayList<>();
    List<Promise<String>> pending = new CopyOnWriteArrayList<>();
    Supplier<Future<String>> operation = () -> {
      Promise<String> p = Promise.promise();
      started.add("call " + pending.size());
      pending.add(p);
      return p.future();
    };
    Future<String> a = loop.call(() -> guard.execute(operation));
    Future<String> b = loop.call(() -> guard.execute(operation));
    Future<String> c = loop.call(() -> guard.execute(operation));
    Future<String> d = loop.call(() -> guard.execute(operation));

    // when a fifth comes, the queue is full
    Future<String> e = loop.call(() -> guard.execute(operation));

    assertThat(e.cause()).isInstanceOfSatisfying(BulkheadFullException.class,
        full -> assertThat(full.queueTimedOut()).isFalse());
    assertThat(bulkhead.metrics()).isEqualTo(new BulkheadMetrics(1, 3, 1, 3, 1, 1, 0));
    assertThat(started).containsExactly("call 0");

    // then each completion lets exactly the next queued call start, in arrival order
    for (int i = 0; i < 3; i++) {
      int index = i;
      loop.run(() -> pending.get(index).complete("r" + index));
      loop.settle();
      assertThat(started).hasSize(i + 2);
      assertThat(bulkhead.metrics().inFlight()).isEqualTo(1);
      assertThat(bulkhead.metrics().queued()).isEqualTo(2 - i);
    }
    loop.run(() -> pending.get(3).complete("r3"));
    loop.settle();

    assertThat(List.of(a.result(), b.result(), c.result(), d.result())).containsExactly("r0", "r1", "r2", "r3");
    assertThat(bulkhead.metrics()).isEqualTo(new BulkheadMetrics(0, 0, 1, 3, 4, 1, 0));
  }

  @Test
  void a_queued_call_that_waits_the_maximum_wait_is_rejected_and_never_runs(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.clock(clock).maxConcurrentCalls(1).maxQueued(1)
        .maxWait(ofMillis(100)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    Promise<String> holding = Promise.promise();
    AtomicInteger queuedRan = new AtomicInteger();
    loop.call(() -> guard.execute(holding::future));
    Future<String> queued = loop.call(() -> guard.execute(() -> {
      queuedRan.incrementAndGet();
      return Future.succeededFuture("late");
    }));

    clock.advanceMillis(99);
    loop.settle();
    assertThat(queued.isComplete()).isFalse();
    clock.advanceMillis(1);
    loop.settle();

    assertThat(queued.cause()).isInstanceOfSatisfying(BulkheadFullException.class,
        e -> assertThat(e.queueTimedOut()).isTrue());
    assertThat(bulkhead.metrics()).isEqualTo(new BulkheadMetrics(1, 0, 1, 1, 1, 1, 1));
    loop.run(() -> holding.complete("done"));
    loop.settle();
    assertThat(queuedRan).hasValue(0);
    assertThat(bulkhead.metrics().inFlight()).isZero();
  }

  @Test
  void a_call_granted_a_permit_no_longer_times_out_in_the_queue(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.clock(clock).maxConcurrentCalls(1).maxQueued(1)
        .maxWait(ofMillis(100)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    Promise<String> holding = Promise.promise();
    Promise<String> queuedWork = Promise.promise();
    loop.call(() -> guard.execute(holding::future));
    Future<String> queued = loop.call(() -> guard.execute(queuedWork::future));

    clock.advanceMillis(60);
    loop.run(() -> holding.complete("done"));
    loop.settle();
    assertThat(clock.pendingTimers()).as("the queue timer is cancelled").isZero();
    clock.advanceMillis(500);
    loop.run(() -> queuedWork.complete("served"));

    assertThat(queued.result()).isEqualTo("served");
    assertThat(bulkhead.metrics().queueTimeouts()).isZero();
  }

  @Test
  void a_permit_freed_while_a_call_is_joining_the_queue_is_handed_to_it(Vertx vertx) {
    // given a bulkhead whose clock frees the only permit while the next call sets up its queue timer, that is
    // after the call found no permit and before it is in the queue
    Promise<String> holding = Promise.promise();
    AtomicBoolean armed = new AtomicBoolean();
    Clock racing = new Clock() {
      @Override
      public long nanoTime() {
        return clock.nanoTime();
      }

      @Override
      public Cancellable schedule(Context context, Duration delay, Runnable task) {
        Cancellable timer = clock.schedule(context, delay, task);
        if (armed.compareAndSet(true, false)) {
          holding.complete("done");
        }
        return timer;
      }
    };
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.clock(racing).maxConcurrentCalls(1).maxQueued(1)
        .maxWait(ofMillis(100)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    loop.call(() -> guard.execute(holding::future));
    armed.set(true);

    // when
    Future<String> joining = loop.call(() -> guard.execute(() -> Future.succeededFuture("served")));
    loop.settle();

    // then the freed permit is not lost: the call runs now instead of timing out in the queue
    assertThat(joining.result()).isEqualTo("served");
    assertThat(bulkhead.metrics()).isEqualTo(new BulkheadMetrics(0, 0, 1, 1, 2, 0, 0));
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void an_outer_timeout_takes_a_queued_call_out_of_the_queue(Vertx vertx) {
    // given a bulkhead shared by a guard without timeout (holding the permit) and one with a timeout
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.clock(clock).maxConcurrentCalls(1).maxQueued(1)
        .maxWait(Duration.ofSeconds(10)));
    Guard<String> holder = Guard.of(vertx, "holder", g -> g.clock(clock).bulkhead(bulkhead));
    Guard<String> timed = Guard.of(vertx, "timed", g -> g.clock(clock).timeout(ofMillis(50)).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    Promise<String> holding = Promise.promise();
    AtomicInteger queuedRan = new AtomicInteger();
    loop.call(() -> holder.execute(holding::future));
    Future<String> queued = loop.call(() -> timed.execute(() -> {
      queuedRan.incrementAndGet();
      return Future.succeededFuture("late");
    }));
    assertThat(bulkhead.metrics().queued()).isEqualTo(1);

    // when the timeout fires while the call waits
    clock.advanceMillis(50);
    loop.settle();

    // then the call leaves the queue, its queue timer is gone, and it never runs
    assertThat(queued.cause()).isInstanceOf(GuardTimeoutException.class);
    assertThat(bulkhead.metrics().queued()).isZero();
    assertThat(clock.pendingTimers()).isZero();
    loop.run(() -> holding.complete("done"));
    loop.settle();
    assertThat(queuedRan).hasValue(0);
    assertThat(bulkhead.metrics().inFlight()).isZero();
  }

  @Test
  void an_outer_timeout_gives_the_permit_back_even_if_the_operation_ignores_cancellation(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(1));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).timeout(ofMillis(50)).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);

    Future<String> hung = loop.call(() -> guard.execute(() -> Promise.<String>promise().future()));
    clock.advanceMillis(50);
    loop.settle();

    assertThat(hung.cause()).isInstanceOf(GuardTimeoutException.class);
    assertThat(bulkhead.metrics().inFlight()).isZero();
    Future<String> next = loop.call(() -> guard.execute(() -> Future.succeededFuture("next")));
    assertThat(next.result()).isEqualTo("next");
  }

  @Test
  void events_tell_permits_queueing_and_rejections(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.clock(clock).maxConcurrentCalls(1).maxQueued(1)
        .maxWait(ofMillis(100)));
    List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
    bulkhead.onEvent(events::add);
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);
    Promise<String> holding = Promise.promise();

    loop.call(() -> guard.execute(holding::future));
    loop.call(() -> guard.execute(() -> Future.succeededFuture("queued")));
    loop.call(() -> guard.execute(() -> Future.succeededFuture("rejected")));
    clock.advanceMillis(30);
    loop.run(() -> holding.complete("done"));
    loop.settle();
    loop.call(() -> guard.execute(Promise.<String>promise()::future));
    loop.call(() -> guard.execute(() -> Future.succeededFuture("times out")));
    clock.advanceMillis(100);
    loop.settle();

    assertThat(events).containsExactly(
        new BulkheadEvent.Permitted("pool", Duration.ZERO),
        new BulkheadEvent.Queued("pool"),
        new BulkheadEvent.Rejected("pool", false),
        new BulkheadEvent.Permitted("pool", ofMillis(30)),
        new BulkheadEvent.Permitted("pool", Duration.ZERO),
        new BulkheadEvent.Queued("pool"),
        new BulkheadEvent.Rejected("pool", true));
  }

  @Test
  void guards_sharing_a_bulkhead_share_its_limit(Vertx vertx) {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(1));
    Guard<String> users = Guard.of(vertx, "users", g -> g.bulkhead(bulkhead));
    Guard<String> orders = Guard.of(vertx, "orders", g -> g.bulkhead(bulkhead));
    OnContext loop = OnContext.eventLoop(vertx);

    loop.call(() -> users.execute(Promise.<String>promise()::future));
    Future<String> rejected = loop.call(() -> orders.execute(() -> Future.succeededFuture("x")));

    assertThat(rejected.cause()).isInstanceOf(BulkheadFullException.class);
  }

  @Test
  void a_queued_call_runs_and_completes_on_its_caller_context_when_another_context_frees_the_permit(Vertx vertx,
      VertxTestContext test) throws InterruptedException {
    Bulkhead bulkhead = Bulkhead.of("pool", b -> b.maxConcurrentCalls(1).maxQueued(1).maxWait(Duration.ofSeconds(5)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.bulkhead(bulkhead));
    OnContext holderLoop = OnContext.eventLoop(vertx);
    Context caller = OnContext.worker(vertx).context();
    Promise<String> holding = Promise.promise();
    holderLoop.call(() -> guard.execute(holding::future));
    // the holder's context frees the permit as soon as the worker's call is queued
    bulkhead.onEvent(event -> {
      if (event instanceof BulkheadEvent.Queued) {
        holderLoop.context().runOnContext(v -> holding.complete("done"));
      }
    });

    caller.runOnContext(v -> guard.execute(() -> {
      test.verify(() -> assertThat(Vertx.currentContext()).isSameAs(caller));
      return Future.succeededFuture("served");
    }).onComplete(test.succeeding(value -> test.verify(() -> {
      assertThat(value).isEqualTo("served");
      assertThat(Vertx.currentContext()).isSameAs(caller);
      test.completeNow();
    }))));

    assertThat(test.awaitCompletion(10, TimeUnit.SECONDS)).isTrue();
    if (test.failed()) {
      throw new AssertionError(test.causeOfFailure());
    }
  }
}
