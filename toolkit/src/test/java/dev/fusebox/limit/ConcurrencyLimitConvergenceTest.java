package dev.fusebox.limit;

import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.testing.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;

/**
 * Deterministic convergence of the AIMD limit against a simulated server on the manual clock: the server answers in
 * 10 ms while at most C calls are in flight, its latency grows by 40 % of that per 10 % of C beyond, and it fails
 * every call beyond 2C. 400 clients offer load (each retries 1 ms after a rejection). C = 40 for 20 s, 20 for 20 s,
 * 40 again for 20 s. The curves are written to target/limit-convergence-{aimd,gradient}.csv.
 */
class ConcurrencyLimitConvergenceTest {

  record Done(long at, long start, boolean failed, int client) {
  }

  @Test
  void the_aimd_limit_settles_near_the_server_capacity_follows_it_down_and_climbs_back() throws IOException {
    ManualClock clock = new ManualClock();
    ConcurrencyLimit limit = ConcurrencyLimit.of("sim", l -> l.aimd().initialLimit(10).minLimit(1).maxLimit(500)
        .dropAbove(ofMillis(15)).clock(clock));
    converges(limit, clock, "aimd");
  }

  @Test
  void the_gradient_limit_settles_near_the_server_capacity_follows_it_down_and_climbs_back() throws IOException {
    ManualClock clock = new ManualClock();
    ConcurrencyLimit limit = ConcurrencyLimit.of("sim", l -> l.gradient().initialLimit(10).minLimit(1).maxLimit(500)
        .clock(clock));
    converges(limit, clock, "gradient");
  }

  private static void converges(ConcurrencyLimit limit, ManualClock clock, String algorithm) throws IOException {
    int clients = 400;
    long[] idleUntil = new long[clients];
    PriorityQueue<Done> inFlight = new PriorityQueue<>((a, b) -> Long.compare(a.at, b.at));
    List<int[]> curve = new ArrayList<>();
    long t0 = clock.nanoTime();
    for (int ms = 0; ms < 60_000; ms++) {
      int capacity = ms < 20_000 ? 40 : ms < 40_000 ? 20 : 40;
      long now = clock.nanoTime();
      while (!inFlight.isEmpty() && inFlight.peek().at <= now) {
        Done d = inFlight.poll();
        limit.release(d.start, d.failed);
        idleUntil[d.client] = ms;
      }
      for (int c = 0; c < clients; c++) {
        if (idleUntil[c] < 0 || idleUntil[c] > ms) {
          continue;
        }
        long start = limit.tryAcquire();
        if (start == Long.MIN_VALUE) {
          idleUntil[c] = ms + 1;
          continue;
        }
        int n = inFlight.size() + 1;
        boolean failed = n > 2 * capacity;
        double latencyMs = n <= capacity ? 10 : 10 * (1 + 4.0 * (n - capacity) / capacity);
        inFlight.add(new Done(now + (long) (latencyMs * 1_000_000), start, failed, c));
        idleUntil[c] = -1;
      }
      if (ms % 100 == 0) {
        curve.add(new int[] {ms, capacity, limit.limit(), inFlight.size()});
      }
      clock.advance(ofMillis(1));
    }
    StringBuilder csv = new StringBuilder("time_ms,capacity,limit,in_flight\n");
    curve.forEach(p -> csv.append(p[0]).append(',').append(p[1]).append(',').append(p[2]).append(',')
        .append(p[3]).append('\n'));
    Files.createDirectories(Path.of("target"));
    Files.writeString(Path.of("target/limit-convergence-" + algorithm + ".csv"), csv);

    // then, in the last 10 s of each phase, the limit stays within 25 % of the capacity
    for (int[] p : curve) {
      int ms = p[0];
      boolean settled = ms >= 10_000 && ms < 20_000 || ms >= 30_000 && ms < 40_000 || ms >= 50_000;
      if (settled) {
        assertThat((double) p[2]).as("limit at %d ms, capacity %d", ms, p[1])
            .isBetween(p[1] * 0.75, p[1] * 1.25);
      }
    }
    assertThat(clock.nanoTime() - t0).isEqualTo(60_000_000_000L);
  }

  @Test
  void rejects_with_the_current_limit_and_a_429() {
    ManualClock clock = new ManualClock();
    ConcurrencyLimit limit = ConcurrencyLimit.of("tiny", l -> l.initialLimit(1).minLimit(1).maxLimit(1).clock(clock));
    long first = limit.tryAcquire();
    assertThat(first).isNotEqualTo(Long.MIN_VALUE);
    assertThat(limit.tryAcquire()).isEqualTo(Long.MIN_VALUE);
    assertThat(limit.metrics()).isEqualTo(new ConcurrencyLimitMetrics(1, 1, 1, 1, 0));
    LimitExceededException e = new LimitExceededException("tiny", limit.limit());
    assertThat(e.httpStatus()).isEqualTo(429);
    assertThat(e.getStackTrace()).isEmpty();
    assertThat(e.getMessage()).isEqualTo("concurrency limit 'tiny' reached: 1 calls in flight");
  }
}
