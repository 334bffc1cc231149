package dev.fusebox.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.ratelimiter.internal.RateLimiterImpl;
import dev.fusebox.testing.ManualClock;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Model-based test of the rate limiter: random sequences of calls and clock advances, against a reference token
 * bucket that counts credit in whole milliseconds (full at the start, refilled by elapsed time, a call costing one
 * interval, debt allowed up to the maximum wait). The limiter itself keeps a single "theoretical arrival time"
 * instead; after every call both must agree on the admission and on the delay or the time to come back.
 */
class RateLimiterModelTest {

  private static final long INTERVAL_MS = 100;

  /** A step: a call (advance 0) or an advance of the clock. */
  record Step(boolean call, long advanceMs) {
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> call = Arbitraries.just(new Step(true, 0));
    Arbitrary<Step> advance = Arbitraries.longs().between(1, 3 * INTERVAL_MS).map(ms -> new Step(false, ms));
    return Arbitraries.frequencyOf(Tuple.of(3, call), Tuple.of(1, advance)).list().ofMinSize(1).ofMaxSize(200);
  }

  @Provide
  Arbitrary<Integer> bursts() {
    return Arbitraries.integers().between(1, 5);
  }

  @Provide
  Arbitrary<Long> waits() {
    return Arbitraries.of(0L, 50L, 250L);
  }

  @Property(tries = 300)
  void the_limiter_agrees_with_a_token_bucket(@ForAll("steps") List<Step> steps, @ForAll("bursts") int burst,
      @ForAll("waits") long maxWaitMs) {
    ManualClock clock = new ManualClock();
    RateLimiterImpl limiter = (RateLimiterImpl) RateLimiter.of("model", r -> r.clock(clock)
        .rate(1, Duration.ofMillis(INTERVAL_MS)).burst(burst).maxWait(Duration.ofMillis(maxWaitMs)));
    Bucket model = new Bucket(burst * INTERVAL_MS, maxWaitMs);
    int i = 0;
    for (Step step : steps) {
      i++;
      if (!step.call()) {
        clock.advance(Duration.ofMillis(step.advanceMs()));
        model.advance(step.advanceMs());
        continue;
      }
      long expected = model.take();
      long actual = limiter.reserve(clock.nanoTime());
      long actualMs = actual >= 0 ? actual / 1_000_000 : -((-1 - actual) / 1_000_000) - 1;
      assertThat(actualMs).as("call at step %d of %s (burst %d, maxWait %d ms)", i, steps, burst, maxWaitMs)
          .isEqualTo(expected);
    }
  }

  /** The reference: credit in milliseconds, one interval per call. */
  private static final class Bucket {
    final long capacity;
    final long maxWaitMs;
    long credit;

    Bucket(long capacity, long maxWaitMs) {
      this.capacity = capacity;
      this.maxWaitMs = maxWaitMs;
      this.credit = capacity;
    }

    void advance(long ms) {
      credit = Math.min(capacity, credit + ms);
    }

    /** The delay in ms of an admitted call, or {@code -1 - retryAfterMs} for a refused one. */
    long take() {
      long need = INTERVAL_MS - credit;
      if (need > maxWaitMs) {
        return -1 - need;
      }
      credit -= INTERVAL_MS;
      return Math.max(0, need);
    }
  }
}
