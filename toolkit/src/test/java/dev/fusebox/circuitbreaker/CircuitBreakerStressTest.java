package dev.fusebox.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.internal.CircuitBreakerImpl;
import dev.fusebox.circuitbreaker.internal.Permit;
import dev.fusebox.circuitbreaker.internal.Probe;
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

  /** A call that holds a permit until a completer finishes it; {@code probes} counts its period's probes. */
  private record Pending(Permit permit, long start, AtomicInteger probes) {
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
    // Probes in flight per half-open period: probes of a period that already reopened hold no slot of the next.
    java.util.Map<Object, AtomicInteger> probesInFlight = new java.util.concurrent.ConcurrentHashMap<>();
    AtomicInteger maxProbes = new AtomicInteger();
    AtomicInteger probesSeen = new AtomicInteger();
    ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();

    Runnable caller = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < CALLS_PER_CALLER / 50; i++) {
        for (int j = 0; j < 50; j++) {
          Object admission = breaker.acquire(null, null);
          if (admission instanceof Permit permit) {
            AtomicInteger period = null;
            if (permit instanceof Probe probe) {
              probesSeen.incrementAndGet();
              period = probesInFlight.computeIfAbsent(probe.halfOpenPeriod(), k -> new AtomicInteger());
              maxProbes.accumulateAndGet(period.incrementAndGet(), Math::max);
            }
            Pending call = new Pending(permit, breaker.now(), period);
            if (random.nextInt(4) == 0) {
              finish(breaker, call, random);
            } else {
              pending.add(call);
            }
          }
        }
        clock.advance(Duration.ofMillis(random.nextInt(5)));
      }
    };
    runConcurrently(caller, () -> drain(breaker, pending));

    drainAll(breaker, pending);
    assertThat(probesSeen.get()).as("the run reached HALF_OPEN").isPositive();
    assertThat(maxProbes.get()).isBetween(1, HALF_OPEN_CALLS);
    assertThat(probesInFlight.values()).allSatisfy(n -> assertThat(n).hasValue(0));
  }

  @Test
  void noPermitIsLostAfterFailuresHangsAndCancellations() throws Exception {
    CircuitBreakerImpl breaker = breaker(Duration.ofMillis(200));
    ConcurrentLinkedQueue<Pending> pending = new ConcurrentLinkedQueue<>();
    Runnable caller = () -> {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < CALLS_PER_CALLER / 50; i++) {
        for (int j = 0; j < 50; j++) {
          Object admission = breaker.acquire(null, null);
          if (admission instanceof Permit permit) {
            Pending call = new Pending(permit, breaker.now(), null);
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
    runConcurrently(caller, () -> drain(breaker, pending));
    drainAll(breaker, pending);

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

  private void drain(CircuitBreakerImpl breaker, ConcurrentLinkedQueue<Pending> pending) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    Pending call;
    int n = 0;
    while (n++ < 64 && (call = pending.poll()) != null) {
      finish(breaker, call, random);
    }
  }

  private void drainAll(CircuitBreakerImpl breaker, ConcurrentLinkedQueue<Pending> pending) {
    Pending call;
    while ((call = pending.poll()) != null) {
      finish(breaker, call, ThreadLocalRandom.current());
    }
  }

  private static void finish(CircuitBreakerImpl breaker, Pending call, ThreadLocalRandom random) {
    if (call.probes() != null) {
      call.probes().decrementAndGet();
    }
    int outcome = random.nextInt(10);
    if (outcome < 5) {
      breaker.onComplete(call.permit(), true, call.start(), null, "ok", null, null);
    } else if (outcome < 9) {
      breaker.onComplete(call.permit(), true, call.start(), new IOException("down"), null, null, null);
    } else {
      breaker.onComplete(call.permit(), true, call.start(), new CancellationException("cancelled"), null, null,
          null);
    }
  }
}
