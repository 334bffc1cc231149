package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.RejectedException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.function.Function;

/**
 * One call through a guard, as its stages see it: the caller's context, the per-call fallback, and the means to fail
 * or reject the call on that context.
 *
 * <p>Concurrency: an execution is created by the guard for each {@code execute} and may be used by several attempts
 * of the call at once (a hedging stage runs them in parallel), from any thread. Every method is thread-safe; the
 * execution holds no per-attempt state — that lives in the {@link AttemptScope} each attempt gets.
 *
 * @param <T> the result type of the call
 */
public interface Execution<T extends @Nullable Object> {

  /** The caller's context: the returned future completes there, and timers are scheduled there. */
  Context context();

  /** The guard's name. */
  String guardName();

  /**
   * What the call is for, as given to {@code Guard.execute(key, operation)}: the resource it reads (a user id, a
   * request URI), so a policy that keeps state per resource (the stale value, with its single flight) can tell
   * calls apart; null for a call given no key (and by default, for executions made outside a guard). Keys are
   * compared with {@code equals}.
   */
  default @Nullable Object key() {
    return null;
  }

  /** A promise bound to the caller's context. */
  <R extends @Nullable Object> Promise<R> promise();

  /** A failed future bound to the caller's context. */
  Future<T> failed(Throwable cause);

  /**
   * Refuses the call: reports a {@link Rejection} event and returns a failed future of {@code rejection} bound to
   * the caller's context (reused per context, so a rejection on a busy event loop allocates nothing).
   */
  Future<T> reject(RejectedException rejection);

  /** The fallback given with this call, or null. */
  @Nullable Function<Throwable, Future<T>> fallback();

  /** Records that a fallback produced (or tried to produce) the result, for the call's {@code FALLBACK} outcome. */
  void markFellBack();

  /** Whether a fallback was invoked. */
  boolean fellBack();

  /**
   * Whether the caller called this call off ({@link dev.fusebox.GuardedCall#cancel()}): an outcome that arrives
   * after it says nothing about the dependency (it is the abandoned attempt ending), so a stage that judges outcomes
   * (a breaker, an adaptive limit) records it as neither success nor failure.
   */
  default boolean cancelledByCaller() {
    return false;
  }
}
