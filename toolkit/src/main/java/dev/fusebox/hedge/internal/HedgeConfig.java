package dev.fusebox.hedge.internal;

import java.time.Duration;
import java.util.function.Predicate;

/** The immutable configuration of a hedge, built by {@code HedgeSpec}. */
public record HedgeConfig(String name, int maxHedgedAttempts, Duration delay, double budgetRatio,
    int budgetMinPerSecond, Predicate<Throwable> waitPastFailure, Predicate<Object> waitPastResult) {

  /** This configuration under the name of the guard it is built for. */
  public HedgeConfig named(String guardName) {
    return new HedgeConfig(guardName, maxHedgedAttempts, delay, budgetRatio, budgetMinPerSecond, waitPastFailure,
        waitPastResult);
  }
}
