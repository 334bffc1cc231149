package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import io.vertx.core.Future;

/**
 * One policy in a guard's pipeline, created by {@link Policy#createStage}. Stages form a chain, outermost first;
 * each one decides whether and how to run the stage it wraps, and the innermost one runs the operation.
 *
 * <p>Contract:
 * <ul>
 *   <li>{@link #run} never throws and never returns null: every failure is a failed future (use
 *       {@link Execution#failed} or {@link Execution#reject}).
 *   <li>A stage may run the next stage several times for one call, one after another (retry) or at once
 *       (hedging), each time with its own {@link AttemptScope#child child scope}; it cancels the scopes it gives up
 *       on and {@linkplain AttemptScope#finish() finishes} the ones that completed.
 *   <li>Per-call state lives in locals, in objects the stage allocates for the call, or in the scope; one stage
 *       object serves all concurrent calls of its guard, so it must be thread-safe.
 *   <li>A stage may complete its future on any thread; the guard hands the caller a future bound to the caller's
 *       context whatever the stage did. Timers go on {@link Execution#context()} through the context's clock.
 * </ul>
 */
@FunctionalInterface
public interface Stage {

  /** Runs this stage for one call, or for one attempt of it below a retry or a hedge. */
  <T extends @Nullable Object> Future<T> run(Execution<T> execution, AttemptScope scope);

  /**
   * The user-visible stateful policy behind this stage (a breaker, a bulkhead), reported by
   * {@link dev.fusebox.Guard#policies()} for health checks and dashboards; null when there is none.
   */
  default @Nullable Object policy() {
    return null;
  }
}
