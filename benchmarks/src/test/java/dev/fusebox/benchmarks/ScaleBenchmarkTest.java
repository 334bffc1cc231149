package dev.fusebox.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Each {@link ScaleBenchmark} row, set up as JMH sets it up and run for one invocation (which, with the batches the
 * driver keeps ahead, is {@link #CALLS} calls): the calls succeed (the driver's check), they land where the row says
 * (spread over the breakers, not on one), the in-flight calls stay in flight, and the 100,000-breaker setup stays
 * bounded.
 */
@Timeout(60)
class ScaleBenchmarkTest {

  /** Calls one invocation makes: its batch and those the driver requests ahead of it. */
  private static final int CALLS = (1 + EventLoopDriver.AHEAD) * Settings.BATCH;

  private final ScaleBenchmark benchmark = new ScaleBenchmark();
  private EventLoops loops;

  @BeforeEach
  void startLoops() {
    loops = new EventLoops();
    loops.start();
  }

  @AfterEach
  void stopLoops() {
    loops.stop();
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 1000, 100_000})
  void theOrderUsesEveryBreakerEquallyAndIsNotASequentialWalk(int breakers) {
    // when
    int[] order = ScaleBenchmark.order(breakers);

    // then
    int[] uses = new int[breakers];
    int sequentialSteps = 0;
    for (int i = 0; i < order.length; i++) {
      uses[order[i]]++;
      if (i > 0 && order[i] == order[i - 1] + 1) {
        sequentialSteps++;
      }
    }
    int least = ScaleBenchmark.ORDER_LENGTH / breakers;
    assertThat(Arrays.stream(uses).min().orElseThrow()).isGreaterThanOrEqualTo(least);
    assertThat(Arrays.stream(uses).max().orElseThrow()).isLessThanOrEqualTo(least + 1);
    if (breakers > 1) {
      assertThat(sequentialSteps).isLessThan(order.length / 100);
    }
    assertThat(ScaleBenchmark.order(breakers)).as("the same order every run").isEqualTo(order);
  }

  @Test
  void oneInvocationOverOneHundredThousandBreakersCallsEachOfItsCallsOnADistinctOneAndSetsUpInAFewSeconds() {
    // given
    long started = System.nanoTime();
    ScaleBenchmark.Breakers breakers = breakers(100_000);
    ScaleBenchmark.BreakerWalk walk = new ScaleBenchmark.BreakerWalk();
    walk.setUp(breakers, thread(0, 1));
    long setUpMillis = (System.nanoTime() - started) / 1_000_000;
    EventLoopDriver driver = driver(0, 1);

    // when
    benchmark.breakers_breaker(walk, driver);
    driver.drain();

    // then
    assertThat(setUpMillis).isLessThan(5_000);
    long called = Arrays.stream(breakers.all).filter(b -> b.metrics().calls() == 1).count();
    long untouched = Arrays.stream(breakers.all).filter(b -> b.metrics().calls() == 0).count();
    assertThat(called).isEqualTo(CALLS);
    assertThat(untouched).isEqualTo(100_000 - CALLS);
  }

  @Test
  void oneInvocationOverOneThousandBreakersSpreadsItsCallsEvenlyOverAllOfThem() {
    // given
    ScaleBenchmark.Breakers breakers = breakers(1000);
    ScaleBenchmark.BreakerWalk walk = new ScaleBenchmark.BreakerWalk();
    walk.setUp(breakers, thread(0, 1));
    EventLoopDriver driver = driver(0, 1);

    // when
    benchmark.breakers_breaker(walk, driver);
    driver.drain();

    // then: 32,768 calls over 1000 breakers, every breaker 32 or 33 of them
    for (CircuitBreaker breaker : breakers.all) {
      assertThat(breaker.metrics().calls()).isBetween((long) CALLS / 1000, (long) CALLS / 1000 + 1);
      assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    }
  }

  @Test
  void theStateReadingWalksReadOneStatePerCallAndCallNoBreaker() {
    // given
    ScaleBenchmark.Breakers breakers = breakers(1000);
    ScaleBenchmark.StateWalk walk = new ScaleBenchmark.StateWalk();
    walk.setUp(breakers, thread(0, 1));
    EventLoopDriver driver = driver(0, 1);

    // when
    benchmark.breakers_stateRead(walk, driver);
    driver.drain();
    benchmark.breakers_stateReadFenced(walk, driver);
    driver.drain();

    // then
    assertThat(walk.closed).isEqualTo(2L * CALLS);
    assertThat(breakers.all).allSatisfy(b -> assertThat(b.metrics().calls()).isZero());
  }

  @Test
  void theAtomicAddWalkAddsOnceToEachCounterItReachesAndTouchesNothingBetween() {
    // given
    ScaleBenchmark.Cells cells = new ScaleBenchmark.Cells();
    cells.breakers = 100_000;
    cells.setUp();
    ScaleBenchmark.CellWalk walk = new ScaleBenchmark.CellWalk();
    walk.setUp(cells, thread(0, 1));
    EventLoopDriver driver = driver(0, 1);

    // when
    benchmark.breakers_coldAdd(walk, driver);
    driver.drain();

    // then
    long ones = 0;
    long more = 0;
    long between = 0;
    for (int i = 0; i < cells.cells.length; i++) {
      long value = cells.cells[i];
      if (i % ScaleBenchmark.CELL_STRIDE != 0) {
        between += value;
      } else if (value == 1) {
        ones++;
      } else if (value > 1) {
        more++;
      }
    }
    assertThat(ones).isEqualTo(CALLS);
    assertThat(more).isZero();
    assertThat(between).isZero();
  }

  @Test
  void twoLoopsWalkTheSameBreakersFromDifferentPoints() {
    // given
    ScaleBenchmark.Breakers breakers = breakers(100_000);
    ScaleBenchmark.BreakerWalk first = new ScaleBenchmark.BreakerWalk();
    ScaleBenchmark.BreakerWalk second = new ScaleBenchmark.BreakerWalk();
    first.setUp(breakers, thread(0, 2));
    second.setUp(breakers, thread(1, 2));
    EventLoopDriver firstLoop = driver(0, 2);
    EventLoopDriver secondLoop = driver(1, 2);

    // when
    benchmark.breakersTwoLoops_breaker(first, firstLoop);
    benchmark.breakersTwoLoops_breaker(second, secondLoop);
    firstLoop.drain();
    secondLoop.drain();

    // then: no breaker was called by both (the loops start half the order apart)
    long called = Arrays.stream(breakers.all).filter(b -> b.metrics().calls() == 1).count();
    assertThat(called).isEqualTo(2L * CALLS);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 100_000})
  void theGuardRowsSucceedOnOneAndTwoLoops(int count) {
    // given
    ScaleBenchmark.Guards guards = new ScaleBenchmark.Guards();
    guards.breakers = count;
    long started = System.nanoTime();
    guards.setUp(loops);
    long setUpMillis = (System.nanoTime() - started) / 1_000_000;
    ScaleBenchmark.GuardWalk first = new ScaleBenchmark.GuardWalk();
    ScaleBenchmark.GuardWalk second = new ScaleBenchmark.GuardWalk();
    first.setUp(guards, thread(0, 2));
    second.setUp(guards, thread(1, 2));
    EventLoopDriver firstLoop = driver(0, 2);
    EventLoopDriver secondLoop = driver(1, 2);

    // when
    benchmark.breakers_guard(first, firstLoop);
    benchmark.breakersTwoLoops_guard(second, secondLoop);

    // then: drain() fails if any batch's last call did not end with the value
    firstLoop.drain();
    secondLoop.drain();
    assertThat(guards.all).hasSize(count);
    assertThat(setUpMillis).isLessThan(10_000);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 10_000})
  void theMeasuredCallsRunWhileTheHeldCallsStayInFlight(int inFlight) throws Exception {
    // given
    ScaleBenchmark.InFlight calls = new ScaleBenchmark.InFlight();
    calls.inFlight = inFlight;
    calls.setUp(loops);
    EventLoopDriver driver = driver(0, 1);
    assertThat(calls.breaker.metrics().calls()).as("held calls are not recorded: not completed").isZero();

    // when
    benchmark.inFlight_breaker(calls, driver);
    benchmark.inFlight_guard(calls, driver);
    driver.drain();

    // then
    assertThat(calls.held).hasSize(2 * inFlight).allSatisfy(p -> assertThat(p.future().isComplete()).isFalse());
    assertThat(calls.breaker.metrics().calls()).isEqualTo(Settings.COUNT_WINDOW);
    assertThat(calls.breaker.state()).isEqualTo(CircuitState.CLOSED);
  }

  private static ScaleBenchmark.Breakers breakers(int count) {
    ScaleBenchmark.Breakers breakers = new ScaleBenchmark.Breakers();
    breakers.breakers = count;
    breakers.setUp();
    return breakers;
  }

  private EventLoopDriver driver(int index, int threads) {
    EventLoopDriver driver = new EventLoopDriver();
    driver.attach(loops, thread(index, threads));
    return driver;
  }

  private static ThreadParams thread(int index, int threads) {
    return new ThreadParams(index, threads, 0, 1, 0, 1, index, threads, index, threads);
  }
}
