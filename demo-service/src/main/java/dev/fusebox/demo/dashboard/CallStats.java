package dev.fusebox.demo.dashboard;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Counts and latencies of the user lookups through one breaker, per interval, for the dashboard's charts: the
 * lookup path {@link #record}s each answer; once a second the dashboard {@link #roll}s the interval and reads
 * calls per outcome and the p50/p99 latency of that second.
 *
 * <p>Latencies go to log-scale buckets (10 % wide, 0.1 ms to about 60 s), so a percentile is exact to within a
 * bucket's width.
 *
 * <p>Thread-safe and lock-free: recording adds to atomic counters of the current interval; {@link #roll} swaps the
 * interval. A lookup recorded while the interval is swapped may land in the one just read and be missed.
 */
public final class CallStats {

  private static final double BASE_MILLIS = 0.1;
  private static final double GROWTH = 1.1;
  private static final int BUCKETS = 142; // 0.1 ms * 1.1^141 ~ 68 s
  private static final double LOG_GROWTH = Math.log(GROWTH);

  private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());

  /** Records one answer served {@code from} after {@code nanos}. */
  public void record(ServedFrom from, long nanos) {
    current.get().record(from, nanos);
  }

  /** Ends the current interval and returns what it counted. */
  public Totals roll() {
    Interval done = current.getAndSet(new Interval());
    return done.totals();
  }

  static int bucket(long nanos) {
    double millis = nanos / 1e6;
    if (millis <= BASE_MILLIS) {
      return 0;
    }
    int i = (int) Math.ceil(Math.log(millis / BASE_MILLIS) / LOG_GROWTH);
    return Math.min(BUCKETS - 1, i);
  }

  static double upperMillis(int bucket) {
    return BASE_MILLIS * Math.pow(GROWTH, bucket);
  }

  /**
   * What one interval counted.
   *
   * @param upstream answers from the upstream
   * @param cache answers from the cache
   * @param error error answers
   * @param p50Millis median latency, or -1 with no answer
   * @param p99Millis 99th percentile latency, or -1 with no answer
   */
  public record Totals(long upstream, long cache, long error, double p50Millis, double p99Millis) {

    /** All answers of the interval. */
    public long calls() {
      return upstream + cache + error;
    }
  }

  private static final class Interval {
    private final AtomicLongArray outcomes = new AtomicLongArray(ServedFrom.values().length);
    private final AtomicLongArray latencies = new AtomicLongArray(BUCKETS);

    void record(ServedFrom from, long nanos) {
      outcomes.incrementAndGet(from.ordinal());
      latencies.incrementAndGet(bucket(Math.max(0, nanos)));
    }

    Totals totals() {
      long[] counts = new long[BUCKETS];
      long total = 0;
      for (int i = 0; i < BUCKETS; i++) {
        counts[i] = latencies.get(i);
        total += counts[i];
      }
      return new Totals(outcomes.get(ServedFrom.UPSTREAM.ordinal()), outcomes.get(ServedFrom.CACHE.ordinal()),
          outcomes.get(ServedFrom.ERROR.ordinal()), percentile(counts, total, 0.50),
          percentile(counts, total, 0.99));
    }

    private static double percentile(long[] counts, long total, double q) {
      if (total == 0) {
        return -1;
      }
      long rank = (long) Math.ceil(q * total);
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          return Math.round(upperMillis(i) * 100) / 100.0;
        }
      }
      return upperMillis(counts.length - 1);
    }
  }

  /** Nanoseconds since {@code startNanos}, for callers timing a lookup. */
  public static long since(long startNanos) {
    return System.nanoTime() - startNanos;
  }
}
