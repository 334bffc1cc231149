package dev.fusebox.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.RateLimitedException;
import dev.fusebox.testing.OnContext;
import dev.fusebox.ratelimiter.internal.RateLimiterImpl;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Several threads and event loops take tokens from one limiter at once: over any window, no more calls start than
 * the burst plus the rate allows. Bounded in calls and in time; asserts invariants, never speed.
 */
@ExtendWith(VertxExtension.class)
class RateLimiterStressTest {

  @Test
  void threads_racing_for_tokens_never_start_more_calls_than_the_rate_allows_over_any_window() throws Exception {
    // given 50 permits per 100 ms with a burst of 20 and up to 30 ms of waiting, on a clock the threads push on
    int permits = 50;
    Duration per = Duration.ofMillis(100);
    int burst = 20;
    ManualClock clock = new ManualClock();
    RateLimiterImpl limiter = (RateLimiterImpl) RateLimiter.of("api", r -> r.clock(clock).rate(permits, per)
        .burst(burst).maxWait(Duration.ofMillis(30)));
    AtomicLong time = new AtomicLong(clock.nanoTime());
    int threads = 4;
    int attemptsPerThread = 50_000;
    long[][] starts = new long[threads][];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<java.util.concurrent.Future<?>> done = new ArrayList<>();

    // when each thread moves time forward a little at random and asks for a token
    try {
      for (int t = 0; t < threads; t++) {
        int index = t;
        done.add(pool.submit(() -> {
          long[] mine = new long[attemptsPerThread];
          int admitted = 0;
          ThreadLocalRandom random = ThreadLocalRandom.current();
          go.await();
          for (int i = 0; i < attemptsPerThread; i++) {
            long now = random.nextInt(4) == 0 ? time.addAndGet(random.nextInt(200_000)) : time.get();
            long delay = limiter.reserve(now);
            if (delay >= 0) {
              mine[admitted++] = now + delay;
            }
          }
          starts[index] = Arrays.copyOf(mine, admitted);
          return null;
        }));
      }
      go.countDown();
      for (java.util.concurrent.Future<?> f : done) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    // then, for windows from one interval to a whole second, the starts in any window stay within the bound
    long[] all = Arrays.stream(starts).flatMapToLong(Arrays::stream).sorted().toArray();
    long elapsed = time.get() - clock.nanoTime();
    assertThat(all.length).as("the limiter admitted calls").isGreaterThan(burst);
    assertThat(all.length).as("the limiter also refused calls").isLessThan(threads * attemptsPerThread);
    for (long window : new long[] {2_000_000, 10_000_000, 50_000_000, 100_000_000, 1_000_000_000, elapsed}) {
      long allowed = burst + window * permits / per.toNanos();
      assertThat(mostStartsWithin(all, window)).as("starts within any %d ns", window).isLessThanOrEqualTo(allowed);
    }
    // and over the whole run the limiter admitted about what the rate allows: it is not stingy either
    long byRate = burst + elapsed * permits / per.toNanos();
    assertThat((long) all.length).isGreaterThan(byRate * 9 / 10);
  }

  @Test
  void callers_on_several_event_loops_get_exactly_the_tokens_there_are(Vertx vertx) throws Exception {
    // given a frozen clock: no token refills while the loops race
    ManualClock clock = new ManualClock();
    RateLimiter limiter = RateLimiter.of("api", r -> r.clock(clock).rate(100, Duration.ofSeconds(1)).burst(50));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).rateLimiter(limiter));
    List<OnContext> loops = List.of(OnContext.eventLoop(vertx), OnContext.eventLoop(vertx),
        OnContext.eventLoop(vertx));

    assertThat(race(loops, guard, 400)).isEqualTo(50);
    clock.advance(Duration.ofSeconds(1));
    assertThat(race(loops, guard, 400)).as("a second refills up to the burst, no more").isEqualTo(50);
    clock.advance(Duration.ofMillis(100));
    assertThat(race(loops, guard, 400)).as("100 ms at 100/s").isEqualTo(10);
    assertThat(limiter.metrics().permitted()).isEqualTo(110);
    assertThat(limiter.metrics().rejected()).isEqualTo(3 * 3 * 400 - 110);
  }

  /** Every loop makes {@code callsPerLoop} calls at the same time; returns how many were admitted. */
  private static long race(List<OnContext> loops, Guard<String> guard, int callsPerLoop) throws Exception {
    LongAdder admitted = new LongAdder();
    LongAdder rejected = new LongAdder();
    CountDownLatch finished = new CountDownLatch(loops.size() * callsPerLoop);
    CountDownLatch go = new CountDownLatch(1);
    for (OnContext loop : loops) {
      loop.context().runOnContext(v -> {
        try {
          go.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < callsPerLoop; i++) {
          guard.execute(() -> Future.succeededFuture("ok")).onComplete(ar -> {
            if (ar.succeeded()) {
              admitted.increment();
            } else if (ar.cause() instanceof RateLimitedException) {
              rejected.increment();
            }
            finished.countDown();
          });
        }
      });
    }
    go.countDown();
    assertThat(finished.await(20, TimeUnit.SECONDS)).isTrue();
    assertThat(admitted.sum() + rejected.sum()).isEqualTo((long) loops.size() * callsPerLoop);
    return admitted.sum();
  }

  /** The largest number of starts falling in one closed window {@code [t, t + length]}. */
  private static long mostStartsWithin(long[] sortedStarts, long length) {
    long most = 0;
    int j = 0;
    for (int i = 0; i < sortedStarts.length; i++) {
      if (j < i) {
        j = i;
      }
      while (j + 1 < sortedStarts.length && sortedStarts[j + 1] - sortedStarts[i] <= length) {
        j++;
      }
      most = Math.max(most, j - i + 1);
    }
    return most;
  }
}
