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
 * says so in its name ({@code knownGap...}), so it fails (and must be rewritten) when the behaviour changes.
 */
@Timeout(120)
class FleetSimulationTest {

  private static Vertx vertx;
  private static final Map<Fault, Result> WITH_BUDGET = new EnumMap<>(Fault.class);
  private static final Map<Fault, Result> WITHOUT_BUDGET = new EnumMap<>(Fault.class);
  private static final Map<Fault, Result> WITH_QUORUM = new EnumMap<>(Fault.class);

  @BeforeAll
  static void runScenarios() throws Exception {
    vertx = Vertx.vertx();
    FleetSimulation sim = new FleetSimulation(vertx);
    for (Fault fault : Fault.values()) {
      WITH_BUDGET.put(fault, sim.run(Scenario.of(fault, true)));
      WITHOUT_BUDGET.put(fault, sim.run(Scenario.of(fault, false)));
      WITH_QUORUM.put(fault, sim.run(Scenario.of(fault, true).withQuorum(10)));
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
    for (Result r : new Result[] {WITH_BUDGET.get(fault), WITHOUT_BUDGET.get(fault), WITH_QUORUM.get(fault)}) {
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
   * The budget (5 % of the last second's calls plus 1 a second) binds from the fault's first second: no second of
   * the fault sees more than 1.1 attempts per offered call, where without it the first second of a hard-down fault
   * sees nearly 3 (each call tried three times until the breakers open).
   */
  @ParameterizedTest
  @EnumSource(Fault.class)
  void withTheBudgetNoSecondOfTheFaultSeesMoreThanOnePointOneAttemptsPerOfferedCall(Fault fault) {
    assertThat(WITH_BUDGET.get(fault).peakSecondAmplification()).isLessThanOrEqualTo(1.1);
  }

  @Test
  void theBudgetIsWhatBoundsTheOnsetOfAHardDownFault() {
    Result with = WITH_BUDGET.get(Fault.HARD_DOWN);
    Result without = WITHOUT_BUDGET.get(Fault.HARD_DOWN);
    assertThat(with.budgetRefusals()).isPositive();
    assertThat(without.budgetRefusals()).isZero();
    assertThat(without.peakSecondAmplification()).isGreaterThan(2.5);
    assertThat(with.attemptsDuringFault()).isLessThan(without.attemptsDuringFault());
  }

  /**
   * With {@code openJitter} 0.2 each open period is 24–30 s, so breakers that opened together half-open over 6 s
   * instead of in one second: no second sees more than a quarter of the fleet half-open.
   */
  @ParameterizedTest
  @EnumSource(Fault.class)
  void noSynchronizedProbeWave(Fault fault) {
    for (Result r : new Result[] {WITH_BUDGET.get(fault), WITHOUT_BUDGET.get(fault)}) {
      assertThat(r.peakHalfOpenShare()).isPositive().isLessThanOrEqualTo(0.25);
    }
  }

  /**
   * The modelled quorum signal (10 of 1,000 replicas, reports fresh for 60 s) trips the breakers that have not opened
   * yet once 10 have: it never lets an attempt past an open breaker, keeps every target, and stops the fleet no later
   * than the breakers alone (sooner with 50 % errors, where openings are spread out).
   */
  @ParameterizedTest
  @EnumSource(Fault.class)
  void theQuorumSignalStopsTheFleetNoLaterAndKeepsEveryTarget(Fault fault) {
    Result alone = WITH_BUDGET.get(fault);
    Result quorum = WITH_QUORUM.get(fault);
    assertThat(quorum.quorumOpenings()).isPositive();
    assertThat(quorum.toMostOpenMs()).isBetween(0L, alone.toMostOpenMs());
    assertThat(quorum.attemptsDuringFault()).isLessThanOrEqualTo(alone.attemptsDuringFault());
    assertThat(quorum.attemptsWhileOpen()).isZero();
    assertThat(quorum.peakSecondAmplification()).isLessThanOrEqualTo(1.1);
    assertThat(quorum.peakHalfOpenShare()).isLessThanOrEqualTo(0.25);
    assertThat(quorum.toRecoveredMs()).isBetween(0L, Duration.ofSeconds(30 + 5).toMillis());
    assertThat(alone.quorumOpenings()).isZero();
  }

  @Test
  void withQuorumTheFiftyPercentFaultStopsSooner() {
    assertThat(WITH_QUORUM.get(Fault.HALF_ERRORS).toMostOpenMs())
        .isLessThan(WITH_BUDGET.get(Fault.HALF_ERRORS).toMostOpenMs() - 2_000);
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
