package dev.fusebox.demo.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The recent outcomes of user lookups and their running totals, for the dashboard.
 *
 * <p>Thread-safe and lock-free: a ring of immutable entries indexed by an atomic sequence, and one adder per kind.
 * A reader racing a writer may miss the newest entry, never see a torn one.
 */
public final class OutcomeLog {

  /** How many recent outcomes are kept. */
  public static final int CAPACITY = 30;

  private final AtomicReferenceArray<Entry> ring = new AtomicReferenceArray<>(CAPACITY);
  private final AtomicLong sequence = new AtomicLong();
  private final LongAdder[] totals = new LongAdder[ServedFrom.values().length];

  /** Creates an empty log. */
  public OutcomeLog() {
    for (int i = 0; i < totals.length; i++) {
      totals[i] = new LongAdder();
    }
  }

  /** Records that the lookup of {@code userId} was answered {@code status}, served from {@code from}. */
  public void record(String userId, ServedFrom from, int status) {
    long seq = sequence.getAndIncrement();
    ring.set((int) (seq % CAPACITY), new Entry(seq, System.currentTimeMillis(), userId, from, status));
    totals[from.ordinal()].increment();
  }

  /** How many outcomes of kind {@code from} were recorded. */
  public long total(ServedFrom from) {
    return totals[from.ordinal()].sum();
  }

  /** Totals per kind, e.g. {@code {"upstream": 10, "cache": 2, "error": 0}}. */
  public JsonObject totalsJson() {
    JsonObject json = new JsonObject();
    for (ServedFrom from : ServedFrom.values()) {
      json.put(from.label(), total(from));
    }
    return json;
  }

  /** The recent outcomes, newest first. */
  public JsonArray recentJson() {
    JsonArray out = new JsonArray();
    long last = sequence.get() - 1;
    for (long seq = last; seq >= 0 && seq > last - CAPACITY; seq--) {
      Entry e = ring.get((int) (seq % CAPACITY));
      if (e == null || e.sequence != seq) {
        continue;
      }
      out.add(new JsonObject().put("seq", e.sequence).put("at", e.epochMillis).put("id", e.userId)
          .put("servedFrom", e.from.label()).put("status", e.status));
    }
    return out;
  }

  private record Entry(long sequence, long epochMillis, String userId, ServedFrom from, int status) {
  }
}
