package dev.fusebox.benchmarks.fleet;

import dev.fusebox.benchmarks.fleet.FleetSimulation.Fault;
import dev.fusebox.benchmarks.fleet.FleetSimulation.Result;
import dev.fusebox.benchmarks.fleet.FleetSimulation.Scenario;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the fleet simulation's nine scenarios (three faults, with and without the retry budget, and with the budget
 * and the modelled quorum signal at one replica in {@value #QUORUM_SHARE}) and prints their
 * figures as a markdown table:
 * {@code java -cp benchmarks/target/benchmarks.jar dev.fusebox.benchmarks.fleet.FleetReport}.
 */
public final class FleetReport {

  /** The quorum of the "with quorum" rows: one replica in this many (10 of 1,000). */
  public static final int QUORUM_SHARE = 100;

  private FleetReport() {
  }

  /** Runs the scenarios; an argument, if given, is the number of replicas (default 1,000). */
  public static void main(String[] args) throws Exception {
    int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Vertx vertx = Vertx.vertx();
    try {
      FleetSimulation sim = new FleetSimulation(vertx);
      List<Result> results = new ArrayList<>();
      for (Fault fault : Fault.values()) {
        for (boolean budget : new boolean[] {true, false}) {
          Scenario d = Scenario.of(fault, budget);
          results.add(sim.run(new Scenario(fault, budget, replicas, d.warmUp(), d.faultFor(), d.after())));
        }
        Scenario d = Scenario.of(fault, true);
        results.add(sim.run(new Scenario(fault, true, replicas, d.warmUp(), d.faultFor(), d.after(),
            Math.max(1, replicas / QUORUM_SHARE))));
      }
      System.out.print(table(results));
    } finally {
      vertx.close().await();
    }
  }

  /** The markdown table of {@code results}. */
  public static String table(List<Result> results) {
    StringBuilder out = new StringBuilder();
    out.append("| fault | retry budget | quorum | attempts per offered call (fault) | peak 1 s | 90 % open after"
        + " | max share open | probes per open period (mean / max, target ≤ halfOpenCalls) | attempts while open"
        + " | peak share half-opening in 1 s | all closed after fault end | retries refused by budget | wall |\n");
    out.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (Result r : results) {
      out.append(String.format(Locale.ROOT,
          "| %s | %s | %s | %.3f× | %.2f× | %s | %.0f %% | %.2f / %d (≤ %d) | %d | %.0f %% | %s | %d | %.1f s |%n",
          r.scenario().fault().label(), r.scenario().budget() ? "yes" : "no",
          r.scenario().quorum() == 0 ? "no" : r.scenario().quorum() + " (tripped " + r.quorumOpenings() + ")",
          r.amplification(),
          r.peakSecondAmplification(), time(r.toMostOpenMs()), r.maxOpenShare() * 100,
          r.meanProbesPerOpenPeriod(), r.maxProbesPerOpenPeriod(), r.halfOpenCalls(), r.attemptsWhileOpen(),
          r.peakHalfOpenShare() * 100, time(r.toRecoveredMs()), r.budgetRefusals(), r.wallMs() / 1000.0));
    }
    return out.toString();
  }

  private static String time(long ms) {
    return ms < 0 ? "never" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }
}
