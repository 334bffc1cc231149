package dev.fusebox.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.spi.Clock;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.testing.StrictVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An open breaker on a clock whose deadlines may come by timer ({@link Clock#deadlinesByTimer()}, the system clock's
 * case) rejects without reading the clock, and half-opens on the first call after the timer that ends the open
 * period has run.
 */
@ExtendWith(StrictVertx.class)
class OpenPeriodTimerTest {

  private static final Duration OPEN_FOR = Duration.ofSeconds(30);

  /** A clock that counts its readings and runs due timers only when told, on the test thread. */
  static final class TimerClock implements Clock {
    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final AtomicLong readings = new AtomicLong();
    final List<Scheduled> timers = new ArrayList<>();

    record Scheduled(Context context, long dueNanos, Runnable task) {
    }

    @Override
    public long nanoTime() {
      readings.incrementAndGet();
      return now.get();
    }

    @Override
    public boolean deadlinesByTimer() {
      return true;
    }

    @Override
    public synchronized Cancellable schedule(Context context, Duration delay, Runnable task) {
      Scheduled timer = new Scheduled(context, now.get() + delay.toNanos(), task);
      timers.add(timer);
      return () -> {
        synchronized (this) {
          return timers.remove(timer);
        }
      };
    }

    void advance(Duration delta) {
      now.addAndGet(delta.toNanos());
    }

    /** Runs the timers that are due, here and now. */
    void runDue() {
      List<Scheduled> due;
      synchronized (this) {
        due = timers.stream().filter(t -> t.dueNanos <= now.get()).toList();
        timers.removeAll(due);
      }
      due.forEach(t -> t.task.run());
    }

    synchronized List<Scheduled> pending() {
      return List.copyOf(timers);
    }
  }

  private final TimerClock clock = new TimerClock();

  private CircuitBreaker breaker() {
    return CircuitBreaker.of("users", cb -> cb.clock(clock).countWindow(10).minimumCalls(4).failureRate(0.5)
        .openFor(OPEN_FOR).halfOpenCalls(1));
  }

  private static Future<String> fail(CircuitBreaker cb) {
    return cb.execute(() -> Future.failedFuture(new IOException("boom")));
  }

  private static Future<String> succeed(CircuitBreaker cb) {
    return cb.execute(() -> Future.succeededFuture("ok"));
  }

  /** Runs {@code task} on a fresh event-loop context and waits for its value. */
  private static <R> R onContext(Vertx vertx, Supplier<R> task) throws Exception {
    CompletableFuture<R> done = new CompletableFuture<>();
    vertx.getOrCreateContext().runOnContext(v -> {
      try {
        done.complete(task.get());
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return done.get(5, TimeUnit.SECONDS);
  }

  private static void trip(CircuitBreaker cb) {
    for (int i = 0; i < 4; i++) {
      fail(cb);
    }
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void rejectsWithoutReadingTheClockUntilTheTimerHasRun(Vertx vertx) throws Exception {
    CircuitBreaker cb = breaker();
    onContext(vertx, () -> {
      trip(cb);
      return null;
    });
    assertThat(clock.pending()).hasSize(1);
    long readings = clock.readings.get();

    for (int i = 0; i < 1_000; i++) {
      assertThat(succeed(cb).cause()).isInstanceOf(CircuitOpenException.class);
    }
    assertThat(clock.readings.get()).as("clock readings while the timer runs").isEqualTo(readings);

    // The open period is over but its timer has not run yet: still rejected (the documented granularity).
    clock.advance(OPEN_FOR);
    assertThat(succeed(cb).cause()).isInstanceOf(CircuitOpenException.class);
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);

    clock.runDue();
    assertThat(succeed(cb).succeeded()).isTrue();
    assertThat(cb.state()).as("one successful probe closes it").isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void theTimerLastsTheOpenPeriodInWholeMillisecondsOnAContextOfNoDeployment(Vertx vertx) throws Exception {
    CircuitBreaker cb = breaker();
    String deployment = vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        trip(cb);
        return Future.succeededFuture();
      }
    }).await(5, TimeUnit.SECONDS);
    vertx.undeploy(deployment).await(5, TimeUnit.SECONDS);

    TimerClock.Scheduled timer = clock.pending().get(0);
    assertThat(timer.dueNanos() - clock.now.get()).isEqualTo(OPEN_FOR.toNanos());
    // An undeployed verticle's timers are cancelled: the breaker's must not be one of them.
    assertThat(((ContextInternal) timer.context()).isDeployment()).isFalse();
    assertThat(timer.context().owner()).isSameAs(vertx);
  }

  @Test
  void aFailedProbeArmsANewTimerForTheNextPeriod(Vertx vertx) throws Exception {
    CircuitBreaker cb = breaker();
    onContext(vertx, () -> {
      trip(cb);
      return null;
    });
    clock.advance(OPEN_FOR);
    clock.runDue();
    onContext(vertx, () -> fail(cb));
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    assertThat(clock.pending()).hasSize(1);
    long readings = clock.readings.get();
    assertThat(succeed(cb).cause()).isInstanceOf(CircuitOpenException.class);
    assertThat(clock.readings.get()).isEqualTo(readings);
  }

  @Test
  void offAnyContextEveryCallReadsTheClock() {
    CircuitBreaker cb = breaker();
    trip(cb);
    assertThat(clock.pending()).as("no context to run a timer on").isEmpty();
    assertThat(succeed(cb).cause()).isInstanceOf(CircuitOpenException.class);

    clock.advance(OPEN_FOR);
    assertThat(succeed(cb).succeeded()).as("the first call after the period half-opens at once").isTrue();
    assertThat(cb.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aGuardArmsTheTimerFromTheCallThatOpenedTheBreaker(Vertx vertx) throws Exception {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock)
        .circuitBreaker(cb -> cb.countWindow(10).minimumCalls(4).failureRate(0.5).openFor(OPEN_FOR)));
    for (int i = 0; i < 4; i++) {
      guard.execute(() -> Future.failedFuture(new IOException("boom")));
    }
    CircuitBreaker cb = (CircuitBreaker) guard.policies().get(0);
    assertThat(cb.state()).isEqualTo(CircuitState.OPEN);
    assertThat(clock.pending()).hasSize(1);
    long readings = clock.readings.get();
    assertThat(guard.execute(() -> Future.succeededFuture("ok")).cause()).isInstanceOf(CircuitOpenException.class);
    assertThat(clock.readings.get()).isEqualTo(readings);
  }

  @Test
  void aManualClockArmsNoTimerSoAdvancingItTakesEffectForTheNextCall() {
    ManualClock manual = new ManualClock();
    CircuitBreaker cb = CircuitBreaker.of("users", spec -> spec.clock(manual).countWindow(10).minimumCalls(4)
        .failureRate(0.5).openFor(OPEN_FOR).halfOpenCalls(1));
    trip(cb);
    assertThat(manual.pendingTimers()).isZero();
    manual.advance(OPEN_FOR);
    assertThat(succeed(cb).succeeded()).isTrue();
  }
}
