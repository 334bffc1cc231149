package dev.fusebox.spi;

import java.util.Set;

/**
 * A resilience policy as a guard composes it: given the {@link PolicyContext} of the guard being built, it creates
 * the {@link Stage} that wraps the next one. Every built-in policy is added through this interface, and so is a
 * user's own: {@code g.with(myPolicy)}.
 *
 * <pre>{@code
 * public final class Deadline implements Policy {
 *   public String kind() { return "deadline"; }
 *   public Stage createStage(PolicyContext context, Stage next) {
 *     return new Stage() {
 *       public <T> Future<T> run(Execution<T> execution, AttemptScope scope) { ... next.run(execution, scope) ... }
 *     };
 *   }
 * }
 * }</pre>
 *
 * <p>A policy value is immutable; {@link #createStage} is called once for each guard built with it, so a stateful
 * policy that should be shared by several guards (a breaker) keeps its state in the policy and hands it to every
 * stage, while one that belongs to a single guard creates its state in {@code createStage}.
 *
 * <p>Implementations must be thread-safe.
 */
public interface Policy {

  /**
   * The kind of policy, in lower camel case ({@code circuitBreaker}, {@code retry}, ...): used in telemetry, in
   * rejections and in the JSON key of its {@link PolicyReader}.
   */
  String kind();

  /** Creates the stage of this policy for the guard described by {@code context}, wrapping {@code next}. */
  Stage createStage(PolicyContext context, Stage next);

  /**
   * What this policy does to the calls that pass through it, so a guard can refuse compositions that are always
   * wrong (a fallback inside the breaker that should see its failures, two retries). Empty by default.
   */
  default Set<Trait> traits() {
    return Set.of();
  }

  /** A property of a policy that composition rules look at. */
  enum Trait {
    /** Runs the inner stages more than once for one call (retry, hedging). */
    REPEATS,
    /** Turns failures of the inner stages into results (fallback, stale value). */
    RECOVERS,
    /** Judges the outcomes of the inner stages to decide about later calls (circuit breaker, adaptive limit). */
    JUDGES_OUTCOMES,
    /** Bounds the time the inner stages may take (timeout). */
    BOUNDS_TIME
  }
}
