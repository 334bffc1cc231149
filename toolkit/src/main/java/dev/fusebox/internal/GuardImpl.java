package dev.fusebox.internal;

import dev.fusebox.Guard;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.Operation;
import dev.fusebox.Outcome;
import dev.fusebox.RejectedException;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.fallback.internal.FallbackStage;
import dev.fusebox.spi.GuardObserver;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.FutureInternal;
import io.vertx.core.internal.PromiseInternal;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The guard: an immutable chain of stages plus the context discipline every call follows.
 *
 * <p>Thread-safe: holds only immutable state; all mutable state lives in the shared policies' atomics and in the
 * per-call {@link Execution}.
 *
 * @param <T> the result type
 */
public final class GuardImpl<T> implements Guard<T> {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final Vertx vertx;
  private final String name;
  private final Stage head;
  private final GuardObserver observer;
  private final Stage perCallFallback;
  private final List<Object> policies;

  /**
   * Creates the guard around {@code head}. When the chain has no fallback stage, a fallback given with a call
   * covers every failure of that call.
   */
  public GuardImpl(Vertx vertx, String name, Stage head, boolean hasFallbackStage, GuardObserver observer) {
    this.vertx = vertx;
    this.name = name;
    this.head = head;
    this.perCallFallback = hasFallbackStage ? head : new FallbackStage(failure -> true, null, head);
    this.observer = observer;
    List<Object> found = new ArrayList<>();
    for (Stage s = head; s != null; s = s.next()) {
      if (s.policy() != null) {
        found.add(s.policy());
      }
    }
    this.policies = List.copyOf(found);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Object> policies() {
    return policies;
  }

  @Override
  public Future<T> execute(Supplier<Future<T>> operation) {
    return start(operation, null);
  }

  @Override
  public Future<T> execute(Supplier<Future<T>> operation, Function<Throwable, Future<T>> fallback) {
    return start(operation, fallback);
  }

  @Override
  public Future<T> execute(Operation<T> operation) {
    return start(operation, null);
  }

  @Override
  public Future<T> execute(Operation<T> operation, Function<Throwable, Future<T>> fallback) {
    return start(operation, fallback);
  }

  private Future<T> start(Object operation, Function<Throwable, Future<T>> fallback) {
    ContextInternal context = callerContext();
    if (operation == null) {
      return context.failedFuture(new NullPointerException("operation passed to guard '" + name + "' is null"));
    }
    ExecutionObserver observed = startObserver();
    Execution<T> execution = new Execution<>(context, name, observed, operation, fallback);
    Future<T> result;
    try {
      result = (fallback == null ? head : perCallFallback).run(execution, AttemptScope.ROOT);
    } catch (Throwable bug) {
      // Stages never throw; this is a last line of defence so execute() keeps its promise.
      result = context.failedFuture(bug);
    }
    result = onCallerContext(context, result);
    if (observed != ExecutionObserver.NOOP) {
      result.onComplete((value, failure) -> end(execution, failure));
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

  private ExecutionObserver startObserver() {
    if (observer == null) {
      return ExecutionObserver.NOOP;
    }
    try {
      ExecutionObserver observed = observer.onStart(name);
      return observed == null ? ExecutionObserver.NOOP : new SafeObserver(observed);
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "observer of guard '" + name + "' threw on start; this call is not observed", t);
      return ExecutionObserver.NOOP;
    }
  }

  private static void end(Execution<?> execution, Throwable failure) {
    Outcome outcome;
    if (failure == null) {
      outcome = execution.fellBack() ? Outcome.FALLBACK : Outcome.SUCCESS;
    } else if (failure instanceof RejectedException) {
      outcome = Outcome.REJECTED;
    } else if (failure instanceof GuardTimeoutException) {
      outcome = Outcome.TIMEOUT;
    } else {
      outcome = Outcome.FAILURE;
    }
    execution.observer.onEnd(outcome, failure);
  }

  /**
   * Returns a future whose listeners run on {@code context}: the result itself when it is already complete and
   * belongs to no other context, otherwise a promise of {@code context} completed by it.
   */
  static <T> Future<T> onCallerContext(ContextInternal context, Future<T> result) {
    if (result.isComplete()) {
      ContextInternal owner = result instanceof FutureInternal<?> internal ? internal.context() : null;
      if (owner == null || owner == context) {
        return result;
      }
    }
    PromiseInternal<T> promise = context.promise();
    result.onComplete(promise);
    return promise.future();
  }
}
