package dev.fusebox.circuitbreaker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * The packed windows under concurrent writers: whatever the interleaving, the running totals equal the slots once
 * the writers stop — checked by overwriting the whole window with known outcomes and reading exact totals.
 */
class WindowDriftTest {

  private static final int THREADS = 4;
  private static final int CALLS_PER_THREAD = 200_000;

  @Test
  void countWindowTotalsNeverDriftUnderConcurrentWriters() throws Exception {
    CountWindow window = new CountWindow(100);
    hammer((failed, slow, i) -> window.record(failed, slow, 0));

    // every slot overwritten with a failure that is not slow: exactly 100 failures, 0 slow
    for (int i = 0; i < 100; i++) {
      window.record(true, false, 0);
    }
    assertThat(window.calls(0)).isEqualTo(100);
    assertThat(window.failures(0)).isEqualTo(100);
    assertThat(window.slowCalls(0)).isZero();

    // then 30 slow successes: they replace the 30 oldest failures
    for (int i = 0; i < 30; i++) {
      window.record(false, true, 0);
    }
    assertThat(window.failures(0)).isEqualTo(70);
    assertThat(window.slowCalls(0)).isEqualTo(30);
  }

  @Test
  void countWindowOfOddSizeWrapsAcrossWords() {
    CountWindow window = new CountWindow(33); // 32 slots in the first word, one in the second
    for (int i = 0; i < 33; i++) {
      window.record(i == 32, i == 0, 0);
    }
    assertThat(window.failures(0)).isEqualTo(1);
    assertThat(window.slowCalls(0)).isEqualTo(1);
    window.record(false, false, 0); // replaces slot 0, the slow one
    assertThat(window.slowCalls(0)).isZero();
    for (int i = 1; i < 33; i++) {
      window.record(false, false, 0);
    }
    assertThat(window.failures(0)).isZero();
    assertThat(window.calls(0)).isEqualTo(33);
  }

  @Test
  void recordTellsTheCallsItLeftInTheWindow() {
    // The breaker judges the thresholds on this count instead of reading the contended totals again.
    CountWindow count = new CountWindow(3);
    assertThat(count.record(false, false, 0)).isEqualTo(1);
    assertThat(count.record(true, false, 0)).isEqualTo(2);
    assertThat(count.record(false, false, 0)).isEqualTo(3);
    assertThat(count.record(false, false, 0)).as("a full window stays at its size").isEqualTo(3);
    TimeWindow time = new TimeWindow(1_000, 2, 0);
    assertThat(time.record(false, false, 0)).isEqualTo(1);
    assertThat(time.record(true, true, 1_500)).isEqualTo(2);
    assertThat(time.record(false, false, 2_000)).as("the first slice fell out").isEqualTo(2);
    DecayingWindow decaying = new DecayingWindow(1_000, 0);
    assertThat(decaying.record(false, false, 0)).isEqualTo(1);
    assertThat(decaying.record(false, false, 1_000)).as("one half-life later: 1/2 + 1").isEqualTo(1.5);
  }

  @Test
  void timeWindowFindsItsSlicesAtAnyClockReading() {
    // The head packs the slice number with its bucket: readings far from 0, either sign, must keep both apart.
    long slice = 1_000_000; // the shortest slice the spec allows, 1 ms
    for (long reading : new long[] {-(1L << 62), -slice / 2, 0, 1L << 62, Long.MAX_VALUE - 2_000 * slice}) {
      long start = Math.floorDiv(reading, slice) * slice; // slices are aligned on multiples of their length
      TimeWindow window = new TimeWindow(slice, 1000, start);
      window.record(true, false, start);
      window.record(false, true, start + slice - 1);
      window.record(false, false, start + 999 * slice);
      assertThat(window.calls(start + 999 * slice)).as("at %d", start).isEqualTo(3);
      assertThat(window.failures(start + 999 * slice)).as("at %d", start).isEqualTo(1);
      // 1000 slices on, the first slice (and only it) has fallen out
      assertThat(window.calls(start + 1000 * slice)).as("at %d", start).isEqualTo(1);
      assertThat(window.failures(start + 1000 * slice)).as("at %d", start).isZero();
      assertThat(window.slowCalls(start + 1000 * slice)).as("at %d", start).isZero();
    }
  }

  @Test
  void timeWindowTotalsNeverDriftUnderConcurrentWritersAcrossSlices() throws Exception {
    long slice = 1_000;
    TimeWindow window = new TimeWindow(slice, 10, 0);
    long[] times = new SplittableRandom(7).longs(CALLS_PER_THREAD, 0, 50 * slice).sorted().toArray();
    hammer((failed, slow, i) -> window.record(failed, slow, times[i]));

    // far later every bucket is stale: nothing is left counted
    long later = 1_000 * slice;
    assertThat(window.calls(later)).isZero();
    assertThat(window.failures(later)).isZero();
    assertThat(window.slowCalls(later)).isZero();

    // and a fresh slice counts exactly what it gets, packed failures and slow calls kept apart
    window.record(true, true, later);
    window.record(true, false, later);
    window.record(false, true, later + 1);
    assertThat(window.calls(later + 1)).isEqualTo(3);
    assertThat(window.failures(later + 1)).isEqualTo(2);
    assertThat(window.slowCalls(later + 1)).isEqualTo(2);
  }

  private interface Recorder {
    void record(boolean failed, boolean slow, int index);
  }

  private static void hammer(Recorder recorder) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = new SplittableRandom(t);
      Thread thread = new Thread(() -> {
        try {
          start.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        for (int i = 0; i < CALLS_PER_THREAD; i++) {
          recorder.record(random.nextInt(3) == 0, random.nextInt(4) == 0, i);
        }
      });
      thread.start();
      threads.add(thread);
    }
    start.countDown();
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
