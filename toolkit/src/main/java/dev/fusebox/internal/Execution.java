package dev.fusebox.internal;

import dev.fusebox.Operation;
import dev.fusebox.spi.ExecutionObserver;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The state of one call through a guard: the caller's context, the operation, the per-call fallback and the
 * observer. Created by the guard for each call and touched by one stage at a time.
 *
 * @param <T> the result type
 */
public final class Execution<T> {

  /** The context the caller's future completes on; timers are scheduled here. */
  public final ContextInternal context;
  /** The guard's name. */
  public final String guardName;
  /** Observer of this call; {@link ExecutionObserver#NOOP} when nobody watches. */
  public final ExecutionObserver observer;
  /** The fallback given with this call, or null. */
  public final Function<Throwable, Future<T>> fallback;
  private final Object operation;
  private volatile boolean fellBack;

  Execution(ContextInternal context, String guardName, ExecutionObserver observer, Object operation,
      Function<Throwable, Future<T>> fallback) {
    this.context = context;
    this.guardName = guardName;
    this.observer = observer;
    this.operation = operation;
    this.fallback = fallback;
  }

  /** Records that a fallback produced (or tried to produce) the result. */
  public void markFellBack() {
    fellBack = true;
  }

  /** Whether a fallback was invoked. */
  public boolean fellBack() {
    return fellBack;
  }

  /** A failed future bound to the caller's context. */
  public Future<T> failed(Throwable cause) {
    return context.failedFuture(cause);
  }

  /** Runs the operation once for {@code scope}; never throws, never returns null. */
  @SuppressWarnings("unchecked")
  Future<T> invoke(AttemptScope scope) {
    ExecutionObserver.Scope observed = observer.enter(scope.number());
    Future<T> result;
    try {
      result = operation instanceof Operation<?> op
          ? ((Operation<T>) op).run(scope)
          : ((Supplier<Future<T>>) operation).get();
    } catch (Throwable t) {
      // context.failedFuture, not failed(t): passing `this` to a call the JIT does not inline would stop it from
      // scalar-replacing the Execution on the success path.
      return context.failedFuture(t);
    } finally {
      observed.close();
    }
    if (result == null) {
      return context.failedFuture(
          new NullPointerException("operation of guard '" + guardName + "' returned null, not a Future"));
    }
    return result;
  }
}
