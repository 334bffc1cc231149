package dev.fusebox.internal;

import dev.fusebox.Operation;
import dev.fusebox.RejectedException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guard's implementation of {@link Execution}: one call's context, operation, per-call fallback and observers.
 *
 * <p>Thread-safe: every field is final but the volatile fallback flag, so attempts running in parallel share it.
 *
 * @param <T> the result type
 */
public final class Call<T> implements Execution<T> {

  final ContextInternal context;
  final String guardName;
  /** The call's observers (isolated from each other), or null when nobody observes it. */
  final ExecutionObserver observers;
  final GuardTelemetry telemetry;
  private final Function<Throwable, Future<T>> fallback;
  private final Object operation;
  private final Object key;
  /** The call's root scope: {@link AttemptScope#ROOT} unless the caller can cancel it. */
  private final AttemptScope root;
  private volatile boolean fellBack;

  Call(ContextInternal context, String guardName, ExecutionObserver observers, GuardTelemetry telemetry,
      Object key, Object operation, Function<Throwable, Future<T>> fallback, AttemptScope root) {
    this.root = root;
    this.context = context;
    this.key = key;
    this.guardName = guardName;
    this.observers = observers;
    this.telemetry = telemetry;
    this.operation = operation;
    this.fallback = fallback;
  }

  @Override
  public ContextInternal context() {
    return context;
  }

  @Override
  public String guardName() {
    return guardName;
  }

  @Override
  public Object key() {
    return key;
  }

  @Override
  public <R> Promise<R> promise() {
    return context.promise();
  }

  @Override
  public Future<T> failed(Throwable cause) {
    return context.failedFuture(cause);
  }

  @Override
  public Future<T> reject(RejectedException rejection) {
    if (telemetry.isEnabled(this)) {
      telemetry.report(this, new Rejection(rejection.policyName(), rejection.policyKind(), rejection));
    }
    return rejection.failedFuture(context);
  }

  @Override
  public Function<Throwable, Future<T>> fallback() {
    return fallback;
  }

  @Override
  public void markFellBack() {
    fellBack = true;
  }

  @Override
  public boolean fellBack() {
    return fellBack;
  }

  @Override
  public boolean cancelledByCaller() {
    // a reference comparison first: a plain execute() pays no volatile read
    return root != AttemptScope.ROOT && root.isCancelled();
  }

  /** Runs the operation once for {@code scope}; never throws, never returns null. */
  @SuppressWarnings("unchecked")
  Future<T> invoke(AttemptScope scope) {
    ExecutionObserver.Scope observed =
        observers == null ? ExecutionObserver.Scope.NOOP : observers.enter(scope.number());
    Future<T> result;
    try {
      result = operation instanceof Operation<?> op
          ? ((Operation<T>) op).run(scope)
          : ((Supplier<Future<T>>) operation).get();
    } catch (Throwable t) {
      // context.failedFuture, not failed(t): passing `this` to a call the JIT does not inline would stop it from
      // scalar-replacing the call on the success path.
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
