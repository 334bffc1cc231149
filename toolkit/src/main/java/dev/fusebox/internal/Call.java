package dev.fusebox.internal;

import dev.fusebox.Operation;
import dev.fusebox.RejectedException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.Rejection;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.netty.util.concurrent.FastThreadLocal;
import io.vertx.core.internal.ContextInternal;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guard's implementation of {@link Execution}: one call's context, operation, per-call fallback and observers.
 *
 * <p>Thread-safe: attempts running in parallel share a call, whose fields do not change while it runs (its
 * fallback flag is volatile). A reusable call ({@link #reusable}) is taken again, with new fields, only by the
 * thread that released it, after its call completed with nothing holding it.
 *
 * @param <T> the result type
 */
public final class Call<T> implements Execution<T> {

  /** The spare call of each thread, for guards whose stages all {@linkplain LeavesExecution leave it}. */
  private static final FastThreadLocal<Call<?>[]> SPARE = new FastThreadLocal<>() {
    @Override
    protected Call<?>[] initialValue() {
      return new Call<?>[1];
    }
  };

  // Not final, for reuse: a reused call is only ever seen by the thread that runs it.
  ContextInternal context;
  String guardName;
  GuardTelemetry telemetry;
  /** A {@code Supplier<Future<T>>}, or an {@link Operation} when {@link #scoped}. */
  private Object operation;
  /**
   * Whether {@link #operation} is an {@link Operation}: known at the entry point, so running it tests no interface
   * (on JDK 17 a failed {@code instanceof} against an interface scans the class's interfaces on every call).
   */
  private boolean scoped;
  /** The call's observers (isolated from each other), or null when nobody observes it. */
  final ExecutionObserver observers;
  private final Function<Throwable, Future<T>> fallback;
  /** The spare slot of the thread that made this reusable call; null for a call used once. */
  private final Call<?>[] home;
  /** Whether the operation returned a future not yet complete: then a stage may still hold this call. */
  private boolean escaped;
  private final Object key;
  /** The call's root scope: {@link AttemptScope#ROOT} unless the caller can cancel it. */
  private final AttemptScope root;
  private volatile boolean fellBack;

  Call(ContextInternal context, String guardName, ExecutionObserver observers, GuardTelemetry telemetry,
      Object key, Object operation, boolean scoped, Function<Throwable, Future<T>> fallback, AttemptScope root) {
    this(context, guardName, observers, telemetry, key, operation, scoped, fallback, root, null);
  }

  private Call(ContextInternal context, String guardName, ExecutionObserver observers, GuardTelemetry telemetry,
      Object key, Object operation, boolean scoped, Function<Throwable, Future<T>> fallback, AttemptScope root,
      Call<?>[] home) {
    this.home = home;
    this.root = root;
    this.context = context;
    this.key = key;
    this.guardName = guardName;
    this.observers = observers;
    this.telemetry = telemetry;
    this.operation = operation;
    this.scoped = scoped;
    this.fallback = fallback;
  }

  /**
   * A plain call (no key, no per-call fallback, no observer, not cancellable) for a guard whose stages all
   * {@linkplain LeavesExecution leave the execution}: this thread's spare call when it has one, a new one otherwise
   * (the first call on a thread, or a call made while another one runs on it). Hand it back with {@link #release}.
   */
  @SuppressWarnings("unchecked")
  static <T> Call<T> reusable(ContextInternal context, String guardName, GuardTelemetry telemetry,
      Object operation, boolean scoped) {
    Call<?>[] slot = SPARE.get();
    Call<T> spare = (Call<T>) slot[0];
    if (spare == null) {
      return new Call<>(context, guardName, null, telemetry, null, operation, scoped, null, AttemptScope.ROOT, slot);
    }
    slot[0] = null;
    spare.context = context;
    spare.guardName = guardName;
    spare.telemetry = telemetry;
    spare.operation = operation;
    spare.scoped = scoped;
    return spare;
  }

  /**
   * Once the call's future is complete: makes this reusable call its thread's spare again, unless its operation
   * answered with a future still running (a stage may then hold the call until it ends). Keeps no reference to the
   * guard, the context or the operation.
   */
  void release() {
    if (home == null || escaped) {
      return;
    }
    context = null;
    guardName = null;
    telemetry = null;
    operation = null;
    home[0] = this;
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
      result = scoped ? ((Operation<T>) operation).run(scope) : ((Supplier<Future<T>>) operation).get();
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
    if (!result.isComplete()) {
      escaped = true;
    }
    return result;
  }
}
