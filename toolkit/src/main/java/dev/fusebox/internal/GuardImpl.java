package dev.fusebox.internal;

import dev.fusebox.Guard;
import dev.fusebox.GuardedCall;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.Operation;
import dev.fusebox.Outcome;
import dev.fusebox.RejectedException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.ObserverGroup;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.FutureInternal;
import io.vertx.core.internal.PromiseInternal;
import java.time.Duration;
import dev.fusebox.GuardSpec;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Require;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guard: its current {@link Generation} — an immutable chain of stages — plus the context discipline every
 * call follows.
 *
 * <p>Thread-safe: a call reads the generation once (one volatile read, no lock) and runs through it to the end; a
 * reload swaps the whole generation. All other mutable state lives in the shared policies' atomics and in the
 * per-call {@link Call}.
 *
 * @param <T> the result type
 */
public final class GuardImpl<T> implements Guard<T> {

  private final Vertx vertx;
  private final String name;
  private final GuardContext policyContext;
  private final boolean hasFallback;
  private final ObserverGroup observers;
  private final GuardTelemetry telemetry;
  private final Clock clock;
  /** The configuration new calls run with: read once per call, swapped whole by {@link #reconfigure}. */
  private volatile Generation current;

  GuardImpl(Vertx vertx, String name, GuardContext context, Generation first, boolean hasFallback,
      ObserverGroup observers, GuardTelemetry telemetry, Clock clock) {
    this.clock = clock;
    this.vertx = vertx;
    this.name = name;
    this.policyContext = context;
    this.current = first;
    this.hasFallback = hasFallback;
    this.observers = observers;
    this.telemetry = telemetry;
  }

  /** The innermost stage: runs the operation. */
  static final Stage TERMINAL = new Stage() {
    @Override
    public <R> Future<R> run(Execution<R> execution, AttemptScope scope) {
      return ((Call<R>) execution).invoke(scope);
    }
  };

  @Override
  public String name() {
    return name;
  }

  @Override
  public Vertx vertx() {
    return vertx;
  }

  @Override
  public List<Object> policies() {
    return current.policies;
  }

  @Override
  public List<Policy> composition() {
    return current.composition;
  }

  @Override
  public long generation() {
    return current.number;
  }

  @Override
  public long reconfigure(Consumer<GuardSpec<T>> block) {
    Require.nonNull(block, "block");
    GuardSpec<T> spec = Guard.builder(vertx, name);
    block.accept(spec);
    return reconfigure(spec.policies());
  }

  /**
   * Swaps in the configuration of {@code next}, keeping the state of every {@link Reconfigurable} stage; see
   * {@link Guard#reconfigure(Consumer)}. Reloads of one guard are serialized (a reload is not on the hot path).
   */
  synchronized long reconfigure(List<Policy> next) {
    Generation old = current;
    List<Policy> builders = Reload.plan(name, old.composition, old.stages, next);
    Generation generation = GuardAssembly.generation(old.number + 1, policyContext, next, builders, hasFallback);
    current = generation;
    return generation.number;
  }

  @Override
  public Future<T> execute(Supplier<Future<T>> operation) {
    return begin(null, operation, false, null);
  }

  @Override
  public Future<T> execute(Supplier<Future<T>> operation, Function<Throwable, Future<T>> fallback) {
    return begin(null, operation, false, fallback);
  }

  @Override
  public Future<T> executeAttempt(Operation<T> operation) {
    return begin(null, operation, true, null);
  }

  @Override
  public Future<T> executeAttempt(Operation<T> operation, Function<Throwable, Future<T>> fallback) {
    return begin(null, operation, true, fallback);
  }

  @Override
  public Future<T> execute(Object key, Supplier<Future<T>> operation) {
    return keyed(key, operation, false, null);
  }

  @Override
  public Future<T> execute(Object key, Supplier<Future<T>> operation, Function<Throwable, Future<T>> fallback) {
    return keyed(key, operation, false, fallback);
  }

  @Override
  public Future<T> executeAttempt(Object key, Operation<T> operation) {
    return keyed(key, operation, true, null);
  }

  @Override
  public Future<T> executeAttempt(Object key, Operation<T> operation, Function<Throwable, Future<T>> fallback) {
    return keyed(key, operation, true, fallback);
  }

  private Future<T> keyed(Object key, Object operation, boolean scoped, Function<Throwable, Future<T>> fallback) {
    if (key == null) {
      return callerContext().failedFuture(new NullPointerException("key passed to guard '" + name + "' is null"));
    }
    return begin(key, operation, scoped, fallback);
  }

  @Override
  public GuardedCall<T> start(Operation<T> operation, Function<Throwable, Future<T>> fallback) {
    return startCall(null, operation, fallback);
  }

  @Override
  public GuardedCall<T> start(Object key, Operation<T> operation, Function<Throwable, Future<T>> fallback) {
    Require.nonNull(key, "key");
    return startCall(key, operation, fallback);
  }

  private GuardedCall<T> startCall(Object key, Operation<T> operation, Function<Throwable, Future<T>> fallback) {
    ContextInternal context = callerContext();
    // A root of its own (ROOT cannot be cancelled): its children are the attempts the stages open.
    AttemptScope root = AttemptScope.ROOT.child();
    CancellableCall<T> call = new CancellableCall<>(name, root, context.promise());
    begin(context, key, operation, true, fallback, root).onComplete(call);
    return call;
  }

  private Future<T> begin(Object key, Object operation, boolean scoped, Function<Throwable, Future<T>> fallback) {
    return begin(callerContext(), key, operation, scoped, fallback, AttemptScope.ROOT);
  }

  /** {@code scoped}: {@code operation} is an {@link Operation}, not a {@code Supplier<Future<T>>}. */
  private Future<T> begin(ContextInternal context, Object key, Object operation, boolean scoped,
      Function<Throwable, Future<T>> fallback, AttemptScope root) {
    if (operation == null) {
      return context.failedFuture(new NullPointerException("operation passed to guard '" + name + "' is null"));
    }
    ExecutionObserver observed = observers.isEmpty() ? null : observers.onStart(name);
    Generation generation = current;
    boolean reuse = generation.leavesExecutions && observed == null && key == null && fallback == null
        && root == AttemptScope.ROOT;
    Call<T> call = reuse
        ? Call.reusable(context, name, telemetry, operation, scoped)
        : new Call<>(context, name, observed, telemetry, key, operation, scoped, fallback, root);
    Future<T> result;
    try {
      result = (fallback == null ? generation.head : generation.perCallFallback).run(call, root);
    } catch (Throwable bug) {
      // Stages never throw; this is a last line of defence so execute() keeps its promise.
      result = context.failedFuture(bug);
    }
    if (reuse && result.isComplete()) {
      call.release();
    }
    result = onCallerContext(context, result);
    if (observed != null) {
      long started = clock.nanoTime();
      result.onComplete((value, failure) ->
          observed.onEnd(outcome(call, failure), failure, Duration.ofNanos(clock.nanoTime() - started)));
    }
    return result;
  }

  private ContextInternal callerContext() {
    ContextInternal current = (ContextInternal) Vertx.currentContext();
    if (current != null && current.owner() == vertx) {
      return current;
    }
    return (ContextInternal) vertx.getOrCreateContext();
  }

  private static Outcome outcome(Call<?> call, Throwable failure) {
    if (failure == null) {
      return call.fellBack() ? Outcome.FALLBACK : Outcome.SUCCESS;
    }
    if (failure instanceof RejectedException) {
      return Outcome.REJECTED;
    }
    if (failure instanceof GuardTimeoutException) {
      return Outcome.TIMEOUT;
    }
    return Outcome.FAILURE;
  }

  /**
   * Returns a future whose listeners run on {@code context}: the result itself when it belongs to {@code context};
   * for a completed result of another context or of none, a completed future of {@code context} (no listener, no
   * promise); otherwise a promise of {@code context} completed by it.
   */
  static <T> Future<T> onCallerContext(ContextInternal context, Future<T> result) {
    ContextInternal owner = result instanceof FutureInternal<?> internal ? internal.context() : null;
    if (owner == context) {
      return result;
    }
    if (result.isComplete()) {
      return result.succeeded() ? context.succeededFuture(result.result()) : context.failedFuture(result.cause());
    }
    PromiseInternal<T> promise = context.promise();
    result.onComplete(promise);
    return promise.future();
  }
}
