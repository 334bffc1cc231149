package dev.fusebox.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.retry.internal.RetryBudget;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Model-based test of the retry budget: random sequences of calls, retry requests and clock advances, against a
 * reference that keeps every event in a list and, for each request, counts the events of the last ten slots. The
 * budget itself packs each slot into one long of a ring; both must agree on every grant and on the retries left.
 */
class RetryBudgetModelTest {

  private static final long WINDOW_MS = 1_000;
  private static final long SLOT_MS = WINDOW_MS / RetryBudget.BUCKETS;

  enum Kind { CALL, RETRY, ADVANCE }

  record Step(Kind kind, long advanceMs) {
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(new Step(Kind.CALL, 0))),
        Tuple.of(3, Arbitraries.just(new Step(Kind.RETRY, 0))),
        Tuple.of(1, Arbitraries.longs().between(1, 400).map(ms -> new Step(Kind.ADVANCE, ms))))
        .list().ofMinSize(1).ofMaxSize(300);
  }

  @Provide
  Arbitrary<Double> ratios() {
    return Arbitraries.of(0.0, 0.1, 0.2, 0.5, 1.0);
  }

  @Provide
  Arbitrary<Integer> floors() {
    return Arbitraries.of(0, 1, 3);
  }

  @Property(tries = 300)
  void the_budget_agrees_with_a_list_of_events(@ForAll("steps") List<Step> steps, @ForAll("ratios") double ratio,
      @ForAll("floors") int minPerSecond) {
    if (ratio == 0 && minPerSecond == 0) {
      return; // refused by the spec: a budget must allow some retries
    }
    RetryBudget budget = new RetryBudget(ratio, minPerSecond, WINDOW_MS * 1_000_000);
    Events model = new Events(ratio, minPerSecond * (WINDOW_MS / 1000.0));
    long nowMs = 5_000;
    int i = 0;
    for (Step step : steps) {
      i++;
      long now = nowMs * 1_000_000;
      switch (step.kind()) {
        case CALL -> {
          budget.onCall(now);
          model.add(nowMs, false);
        }
        case RETRY -> assertThat(budget.tryRetry(now)).as("retry at step %d of %s", i, steps)
            .isEqualTo(model.tryRetry(nowMs));
        case ADVANCE -> nowMs += step.advanceMs();
      }
      assertThat(budget.available(nowMs * 1_000_000)).as("available after step %d", i)
          .isEqualTo(model.available(nowMs));
    }
  }

  /** The reference: every event with its time; the window is the current slot and the nine before it. */
  private static final class Events {
    final double ratio;
    final double floor;
    final List<long[]> events = new ArrayList<>(); // {slot, retry ? 1 : 0}

    Events(double ratio, double floor) {
      this.ratio = ratio;
      this.floor = floor;
    }

    void add(long nowMs, boolean retry) {
      events.add(new long[] {Math.floorDiv(nowMs, SLOT_MS), retry ? 1 : 0});
    }

    private long[] counts(long nowMs) {
      long slot = Math.floorDiv(nowMs, SLOT_MS);
      long calls = 0;
      long retries = 0;
      for (long[] e : events) {
        if (e[0] > slot - RetryBudget.BUCKETS && e[0] <= slot) {
          if (e[1] == 1) {
            retries++;
          } else {
            calls++;
          }
        }
      }
      return new long[] {calls, retries};
    }

    private long allowance(long calls) {
      return (long) Math.floor(ratio * calls + floor + 1e-9);
    }

    boolean tryRetry(long nowMs) {
      long[] c = counts(nowMs);
      if (c[1] >= allowance(c[0])) {
        return false;
      }
      add(nowMs, true);
      return true;
    }

    long available(long nowMs) {
      long[] c = counts(nowMs);
      return Math.max(0, allowance(c[0]) - c[1]);
    }
  }
}
