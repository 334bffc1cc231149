package dev.fusebox.spi;

/**
 * An optional capability of a {@link Stage}: at a reload of its guard ({@code Guard.reconfigure}), the stage keeps
 * its policy's state — a breaker's state and window, a bulkhead's permits, a limiter's tokens — under the settings
 * of the replacement policy, instead of being rebuilt from scratch.
 *
 * <p>A reload runs in two steps, so a refused change leaves everything as it was: first {@link #reconfigure} is
 * asked of every stage of the guard, and it only checks (it changes nothing); once every stage agreed, the guard
 * builds its next chain of stages, innermost first, with the policies they returned — and only then may those
 * policies' {@link Policy#createStage createStage} change the shared state. A stage that is not
 * {@code Reconfigurable} is rebuilt from the replacement policy: right for a stateless policy (timeout, fallback),
 * a fresh start for a stateful one.
 *
 * <p>Calls in flight finish under the stages that admitted them; the state they share with the next stages is the
 * one object, so a permit taken before a reload is given back to the same count after it.
 *
 * <p>Implementations must be thread-safe: a reload runs on any thread while calls go through the stage.
 */
public interface Reconfigurable {

  /**
   * Checks that {@code replacement}, a policy of the same {@link Policy#kind() kind} at the same place in the guard,
   * can take over this stage's state, and returns the policy whose {@code createStage} builds the successor stage on
   * that state with the replacement's settings. Changes nothing.
   *
   * @throws dev.fusebox.ValidationException naming the setting that cannot change in place (the guard prefixes the
   *     policy's kind), when the replacement cannot take over; the guard then keeps its current configuration
   */
  Policy reconfigure(Policy replacement);
}
