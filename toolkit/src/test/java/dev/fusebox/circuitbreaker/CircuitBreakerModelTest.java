package dev.fusebox.circuitbreaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.testing.ManualClock;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model-based test: random sequences of successes, failures, slow calls, ignored outcomes and clock advances run
 * against the breaker and against a small reference model written for clarity, not speed. After every step both
 * must agree on the state and on whether the call was admitted.
 */
class CircuitBreakerModelTest {

  private static final int WINDOW = 8;
  private static final int MINIMUM_CALLS = 4;
  private static final double FAILURE_RATE = 0.5;
  private static final double SLOW_RATE = 0.75;
  private static final long SLOW_MS = 100;
  private static final long OPEN_MS = 1_000;
  private static final int HALF_OPEN_CALLS = 2;
  private static final long SLICE_MS = 100;
  private static final int BUCKETS = 10;
  /**
   * The decaying window's half-life and thresholds are chosen so that no sequence of whole-millisecond steps can
   * land exactly on a threshold (an exact tie would let float rounding, which differs between the incremental sums
   * and the model's fresh ones, decide): weights are never exactly 1/2^k and rates never exactly the threshold.
   */
  private static final long HALF_LIFE_NANOS = 333_333_337L;
  private static final double DECAYING_FAILURE_RATE = 0.5123;
  private static final double DECAYING_SLOW_RATE = 0.7321;

  enum WindowKind { COUNT, TIME, DECAYING }

  enum Kind { SUCCESS, FAILURE, IGNORED }

  /** One step: a call with an outcome that takes {@code durationMs}, or (when kind is null) a clock advance. */
  record Step(Kind kind, long durationMs) {
  }

  @Provide
  Arbitrary<List<Step>> steps() {
    Arbitrary<Step> call = Combinators.combine(
        Arbitraries.of(Kind.class),
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
            net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(1, 2 * SLOW_MS))))
        .as(Step::new);
    Arbitrary<Step> advance = Arbitraries.longs().between(1, 2 * OPEN_MS).map(ms -> new Step(null, ms));
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(5, call),
        net.jqwik.api.Tuple.of(1, advance)).list().ofMinSize(1).ofMaxSize(150);
  }

  @Property(tries = 300)
  void countWindowAgreesWithModel(@ForAll("steps") List<Step> steps) {
    check(steps, WindowKind.COUNT);
  }

  @Property(tries = 300)
  void timeWindowAgreesWithModel(@ForAll("steps") List<Step> steps) {
    check(steps, WindowKind.TIME);
  }

  @Property(tries = 300)
  void decayingWindowAgreesWithModel(@ForAll("steps") List<Step> steps) {
    check(steps, WindowKind.DECAYING);
  }

  private void check(List<Step> steps, WindowKind windowKind) {
    ManualClock clock = new ManualClock();
    CircuitBreaker breaker = CircuitBreaker.of("model", spec -> {
      boolean decaying = windowKind == WindowKind.DECAYING;
      spec.clock(clock).minimumCalls(MINIMUM_CALLS).failureRate(decaying ? DECAYING_FAILURE_RATE : FAILURE_RATE)
          .slowCallDuration(Duration.ofMillis(SLOW_MS)).slowCallRate(decaying ? DECAYING_SLOW_RATE : SLOW_RATE)
          .openFor(Duration.ofMillis(OPEN_MS)).halfOpenCalls(HALF_OPEN_CALLS)
          .ignore(IllegalStateException.class);
      switch (windowKind) {
        case TIME -> spec.window(Duration.ofMillis(SLICE_MS * BUCKETS), BUCKETS);
        case COUNT -> spec.countWindow(WINDOW);
        case DECAYING -> spec.decayingWindow(Duration.ofNanos(HALF_LIFE_NANOS));
      }
    });
    Model model = new Model(windowKind, clock.nanoTime() / 1_000_000);
    int i = 0;
    for (Step step : steps) {
      i++;
      if (step.kind() == null) {
        clock.advance(Duration.ofMillis(step.durationMs()));
      } else {
        long startMs = clock.nanoTime() / 1_000_000;
        boolean modelAdmits = model.admit(startMs);
        Promise<String> call = Promise.promise();
        Future<String> result = breaker.execute(call::future);
        boolean admitted = !result.isComplete();
        assertThat(admitted).as("admission at step %d of %s", i, steps).isEqualTo(modelAdmits);
        clock.advance(Duration.ofMillis(step.durationMs()));
        long endMs = clock.nanoTime() / 1_000_000;
        switch (step.kind()) {
          case SUCCESS -> call.complete("ok");
          case FAILURE -> call.fail(new IOException("down"));
          case IGNORED -> call.fail(new IllegalStateException("not counted"));
        }
        if (admitted) {
          model.complete(step.kind(), step.durationMs() >= SLOW_MS, endMs);
        }
      }
      assertThat(breaker.state()).as("state after step %d of %s", i, steps).isEqualTo(model.state);
    }
  }

  /** The reference: plain lists and ifs. */
  private static final class Model {
    final WindowKind windowKind;
    CircuitState state = CircuitState.CLOSED;
    final Deque<long[]> outcomes = new ArrayDeque<>(); // {slice, failed, slow}
    long openUntilMs;
    int successes;

    Model(WindowKind windowKind, long nowMs) {
      this.windowKind = windowKind;
    }

    boolean admit(long nowMs) {
      if (state == CircuitState.OPEN) {
        if (nowMs < openUntilMs) {
          return false;
        }
        state = CircuitState.HALF_OPEN;
        successes = 0;
      }
      return true; // calls here are sequential, so a half-open probe slot is always free
    }

    void complete(Kind kind, boolean slow, long nowMs) {
      if (kind == Kind.IGNORED) {
        return;
      }
      boolean failed = kind == Kind.FAILURE;
      if (state == CircuitState.HALF_OPEN) {
        if (failed || slow) {
          open(nowMs);
        } else if (++successes >= HALF_OPEN_CALLS) {
          state = CircuitState.CLOSED;
          outcomes.clear();
        }
        return;
      }
      outcomes.addLast(new long[] {Math.floorDiv(nowMs, SLICE_MS), failed ? 1 : 0, slow ? 1 : 0, nowMs});
      if (windowKind == WindowKind.DECAYING) {
        // every outcome weighs 2^(-age / half-life), summed afresh from the list at each judgement
        double calls = 0;
        double failures = 0;
        double slowCalls = 0;
        for (long[] o : outcomes) {
          double weight = Math.exp(-Math.log(2) * (nowMs - o[3]) * 1e6 / HALF_LIFE_NANOS);
          calls += weight;
          failures += o[1] * weight;
          slowCalls += o[2] * weight;
        }
        if (calls >= MINIMUM_CALLS && (failures > 0 && failures / calls >= DECAYING_FAILURE_RATE
            || slowCalls > 0 && slowCalls / calls >= DECAYING_SLOW_RATE)) {
          open(nowMs);
        }
        return;
      }
      List<long[]> window = window(nowMs);
      long calls = window.size();
      long failures = window.stream().filter(o -> o[1] == 1).count();
      long slowCalls = window.stream().filter(o -> o[2] == 1).count();
      if (calls >= MINIMUM_CALLS
          && ((double) failures / calls >= FAILURE_RATE || (double) slowCalls / calls >= SLOW_RATE)) {
        open(nowMs);
      }
    }

    private List<long[]> window(long nowMs) {
      List<long[]> all = new ArrayList<>(outcomes);
      if (windowKind == WindowKind.COUNT) {
        return all.subList(Math.max(0, all.size() - WINDOW), all.size());
      }
      long slice = Math.floorDiv(nowMs, SLICE_MS);
      return all.stream().filter(o -> o[0] > slice - BUCKETS).toList();
    }

    private void open(long nowMs) {
      state = CircuitState.OPEN;
      openUntilMs = nowMs + OPEN_MS;
    }
  }
}
