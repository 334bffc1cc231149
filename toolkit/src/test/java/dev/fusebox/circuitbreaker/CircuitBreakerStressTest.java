package dev.fusebox.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.internal.CircuitBreakerImpl;
import dev.fusebox.circuitbreaker.internal.Permit;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Callers on plain threads and on event loops hammer one breaker while a ticker moves the clock. Bounded: a fixed
 * number of calls per caller, and a 60 s cap on every wait.
 */
class CircuitBreakerStressTest {

  private static final int CALLS_PER_CALLER = 20_000;
  private static final int HALF_OPEN_CALLS = 3;

  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  /** A call that holds a permit until a completer finishes it. */
  private record Pending(Permit permit, long start, boolean probe) {
  }

  private CircuitBreakerImpl breaker(Duration probeTimeout) {
    return (CircuitBreakerImpl) CircuitBreaker.of("stress", cb -> cb
        .clock(clock).countWindow(20).minimumCalls(10).failureRate(0.5)
        .openFor(Duration.ofMillis(50)).halfOpenCalls(HALF_OPEN_CALLS).probeTimeout(probeTimeout)
        .ignore(CancellationException.class));
  }

  @Test
  void halfOpenNeverHasMoreThanHalfOpenCallsProbesInFlight() throws Exception {
    CircuitBreakerImpl breaker = breaker(Duration.ofHours(1));
    AtomicInteger probesInFlight = new AtomicInteger();
    AtomicInteger maxProbes = new AtomicInteger();
    AtomicInteger probesSeen = new AtomicInteger();
    ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    Runnable caller = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < CALLS_PER_CALLER / 50; i++) {
        for (int j = 0; j < 50; j++) {
          Object admission = breaker.acquire(ExecutionObserver.NOOP);
          if (admission instanceof Permit permit) {
            boolean probe = permit.admittedIn() == CircuitState.HALF_OPEN;
            if (probe) {
              probesSeen.incrementAndGet();
              maxProbes.accumulateAndGet(probesInFlight.incrementAndGet(), Math::max);
            }
            Pending call = new Pending(permit, breaker.startTime(), probe);
            if (random.nextInt(4) == 0) {
              finish(breaker, call, random, probesInFlight);
            } else {
              pending.add(call);
            }
          }
        }
        clock.advance(Duration.ofMillis(random.nextInt(5)));
      }
    };
    runConcurrently(caller, () -> drain(breaker, pending, probesInFlight));

    drainAll(breaker, pending, probesInFlight);
    assertThat(probesSeen.get()).as("the run reached HALF_OPEN").isPositive();
    assertThat(maxProbes.get()).isBetween(1, HALF_OPEN_CALLS);
    assertThat(probesInFlight.get()).isZero();
  }

  @Test
  void noPermitIsLostAfterFailuresHangsAndCancellations() throws Exception {
    CircuitBreakerImpl breaker = breaker(Duration.ofMillis(200));
    ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    AtomicInteger probes = new AtomicInteger();
    Runnable caller = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < CALLS_PER_CALLER / 50; i++) {
        for (int j = 0; j < 50; j++) {
          Object admission = breaker.acquire(ExecutionObserver.NOOP);
          if (admission instanceof Permit permit) {
            Pending call = new Pending(permit, breaker.startTime(), false);
            int fate = random.nextInt(10);
            if (fate == 0) {
              continue; // hung forever: never completed
            }
            pending.add(call);
          }
        }
        clock.advance(Duration.ofMillis(random.nextInt(20)));
      }
    };
    runConcurrently(caller, () -> drain(breaker, pending, probes));
    drainAll(breaker, pending, probes);

    // when the dependency recovers, the breaker must close again: nothing is wedged
    for (int round = 0; round < 50 && breaker.state() != CircuitState.CLOSED; round++) {
      clock.advance(Duration.ofMillis(250)); // past both the open duration and the probe timeout
      for (int k = 0; k < HALF_OPEN_CALLS; k++) {
        breaker.execute(() -> Future.succeededFuture("recovered"));
      }
    }
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  private void runConcurrently(Runnable caller, Runnable completer) throws Exception {
    List<Thread> threads = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(4);
    for (int t = 0; t < 2; t++) {
      threads.add(new Thread(() -> {
        try {
          caller.run();
        } finally {
          done.countDown();
        }
      }, "caller-" + t));
    }
    for (int t = 0; t < 2; t++) {
      Context eventLoop = vertx.getOrCreateContext();
      eventLoop.runOnContext(v -> {
        try {
          caller.run();
        } finally {
          done.countDown();
        }
      });
    }
    Thread completerThread = new Thread(() -> {
      while (done.getCount() > 0) {
        completer.run();
      }
    }, "completer");
    threads.forEach(Thread::start);
    completerThread.start();
    assertThat(done.await(60, TimeUnit.SECONDS)).as("callers finished in time").isTrue();
    completerThread.join(60_000);
    for (Thread thread : threads) {
      thread.join(60_000);
    }
  }

  private void drain(CircuitBreakerImpl breaker, ConcurrentLinkedQueue<Pending> pending, AtomicInteger probes) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Pending call;
    int n = 0;
    while (n++ < 64 && (call = pending.poll()) != null) {
      finish(breaker, call, random, probes);
    }
  }

  private void drainAll(CircuitBreakerImpl breaker, ConcurrentLinkedQueue<Pending> pending, AtomicInteger probes) {
    Pending call;
    while ((call = pending.poll()) != null) {
      finish(breaker, call, ThreadLocalRandom.current(), probes);
    }
  }

  private static void finish(CircuitBreakerImpl breaker, Pending call, ThreadLocalRandom random,
      AtomicInteger probesInFlight) {
    if (call.probe()) {
      probesInFlight.decrementAndGet();
    }
    int outcome = random.nextInt(10);
    if (outcome < 5) {
      breaker.onComplete(call.permit(), call.start(), null, "ok", ExecutionObserver.NOOP);
    } else if (outcome < 9) {
      breaker.onComplete(call.permit(), call.start(), new IOException("down"), null, ExecutionObserver.NOOP);
    } else {
      breaker.onComplete(call.permit(), call.start(), new CancellationException("cancelled"), null,
          ExecutionObserver.NOOP);
    }
  }
}
