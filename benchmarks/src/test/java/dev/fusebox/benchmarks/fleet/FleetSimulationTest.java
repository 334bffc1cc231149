package dev.fusebox.benchmarks.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.benchmarks.fleet.FleetSimulation.Fault;
import dev.fusebox.benchmarks.fleet.FleetSimulation.Result;
import dev.fusebox.benchmarks.fleet.FleetSimulation.Scenario;
import dev.fusebox.demo.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fleet targets of issue 12, on 1,000 simulated replicas with the demo's default guard: what a fleet does to a
 * dependency that fails for 60 s and recovers. Where a target is not met today, the test asserts what is measured and
 * says so in its name, so it fails (and must be rewritten) when the behaviour changes.
 */
@Timeout(120)
class FleetSimulationTest {

  private static Vertx vertx;
  private static final Map<Fault, Result> WITH_BUDGET = new EnumMap<>(Fault.class);
  private static final Map<Fault, Result> WITHOUT_BUDGET = new EnumMap<>(Fault.class);

  @BeforeAll
  static void runScenarios() throws Exception {
    vertx = Vertx.vertx();
    FleetSimulation sim = new FleetSimulation(vertx);
    for (Fault fault : Fault.values()) {
      WITH_BUDGET.put(fault, sim.run(Scenario.of(fault, true)));
      WITHOUT_BUDGET.put(fault, sim.run(Scenario.of(fault, false)));
    }
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void withTheBudgetTheFleetSendsAtMostOnePointOneAttemptsPerOfferedCallOverTheFault(Fault fault) {
    Result r = WITH_BUDGET.get(fault);
    assertThat(r.offeredDuringFault()).isEqualTo(1000L * 10 * 60);
    assertThat(r.amplification()).isLessThanOrEqualTo(1.1);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void mostReplicasStopCallingWithinTenSecondsAndNoAttemptPassesAnOpenBreaker(Fault fault) {
    for (Result r : new Result[] {WITH_BUDGET.get(fault), WITHOUT_BUDGET.get(fault)}) {
      assertThat(r.toMostOpenMs()).isBetween(0L, 10_000L);
      assertThat(r.attemptsWhileOpen()).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void probesPerReplicaPerOpenPeriodNeverExceedHalfOpenCalls(Fault fault) {
    for (Result r : new Result[] {WITH_BUDGET.get(fault), WITHOUT_BUDGET.get(fault)}) {
      assertThat(r.openPeriods()).isPositive();
      assertThat(r.maxProbesPerOpenPeriod()).isBetween(1, r.halfOpenCalls());
    }
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyBreakerClosesWithinOneOpenDurationOfTheRecovery(Fault fault) {
    for (Result r : new Result[] {WITH_BUDGET.get(fault), WITHOUT_BUDGET.get(fault)}) {
      assertThat(r.toRecoveredMs()).isBetween(0L, Duration.ofSeconds(30 + 5).toMillis());
    }
  }

  /**
   * Known gap: each replica's budget (20 % of its last 10 s of calls plus 5 a second of that window) has 70 retries
   * saved when the fault starts, more than a replica spends before its breaker opens, so the budget never refuses a
   * retry and the first second of a hard-down fault sees nearly 3 attempts per offered call with or without it.
   */
  @Test
  void knownGapTheBudgetDoesNotBindBeforeTheBreakersOpen() {
    Result with = WITH_BUDGET.get(Fault.HARD_DOWN);
    Result without = WITHOUT_BUDGET.get(Fault.HARD_DOWN);
    assertThat(with.budgetRefusals()).isZero();
    assertThat(with.peakSecondAmplification()).isGreaterThan(2.5);
    assertThat(with.attemptsDuringFault()).isEqualTo(without.attemptsDuringFault());
  }

  /**
   * Known gap: the breaker has no jitter on its open duration, so replicas that opened together half-open together,
   * one open duration later: with the dependency hard down, every replica enters HALF_OPEN within the same second.
   */
  @Test
  void knownGapBreakersThatOpenedTogetherProbeInOneWave() {
    assertThat(WITH_BUDGET.get(Fault.HARD_DOWN).peakHalfOpenShare()).isGreaterThan(0.9);
  }

  @Test
  void theSimulatedGuardIsTheDemosDefaultGuard() {
    assertThat(FleetSimulation.demoDefaultGuard(true)).isEqualTo(ConfigLoader.defaultGuard());
  }

  @Test
  void theSimulationIsDeterministic() throws Exception {
    FleetSimulation sim = new FleetSimulation(vertx);
    Scenario small = new Scenario(Fault.HALF_ERRORS, true, 50, Duration.ofSeconds(12), Duration.ofSeconds(40),
        Duration.ofSeconds(35));
    Result first = sim.run(small);
    Result second = sim.run(small);
    assertThat(second).usingRecursiveComparison().ignoringFields("wallMs").isEqualTo(first);
  }
}
