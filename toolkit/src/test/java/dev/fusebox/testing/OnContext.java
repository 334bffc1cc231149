package dev.fusebox.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The one test helper for running things on a chosen Vert.x context. Statically: start an asynchronous call there
 * and record how, and on which context, its future completed ({@link #start}, {@link #run}). As an instance bound to
 * one context: run test steps there and wait for them, so a test can interleave "call on the context", "advance the
 * manual clock" and "look at the outcome" deterministically — the context runs its tasks in order, so a step queued
 * after {@code clock.advance(..)} runs after the timers that advance fired.
 */
public final class OnContext {


  /** How a future completed: its value or failure, and the context its listener ran on. */
  public record Completion<T>(T value, Throwable failure, Context completedOn, Thread thread) {
    public boolean succeeded() {
      return failure == null;
    }
  }

  /** Runs {@code call} on {@code context} and returns the pending record of its completion. */
  public static <T> CompletableFuture<Completion<T>> start(Context context, Supplier<Future<T>> call) {
    CompletableFuture<Completion<T>> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        call.get().onComplete((value, failure) ->
            done.complete(new Completion<>(value, failure, Vertx.currentContext(), Thread.currentThread())));
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return done;
  }

  /** Runs {@code call} on {@code context} and waits up to 5 s for its completion. */
  public static <T> Completion<T> run(Context context, Supplier<Future<T>> call) throws Exception {
    return start(context, call).get(5, TimeUnit.SECONDS);
  }

  /** Waits up to 5 s for a completion started with {@link #start}. */
  public static <T> Completion<T> await(CompletableFuture<Completion<T>> pending) throws Exception {
    return pending.get(5, TimeUnit.SECONDS);
  }


  private final Context context;

  private OnContext(Context context) {
    this.context = context;
  }

  /** A fresh event-loop context. */
  public static OnContext eventLoop(Vertx vertx) {
    return new OnContext(((VertxInternal) vertx).createEventLoopContext());
  }

  /** A fresh worker context. */
  public static OnContext worker(Vertx vertx) {
    return new OnContext(((VertxInternal) vertx).createWorkerContext());
  }

  /** The context the steps run on. */
  public Context context() {
    return context;
  }

  /** Runs {@code step} on the context and returns its value; fails the test after 10 s. */
  public <R> R call(Supplier<R> step) {
    CompletableFuture<R> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(step.get());
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    try {
      return done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("step on " + context + " failed", e);
    }
  }

  /** Runs {@code step} on the context and waits for it. */
  public void run(Runnable step) {
    call(() -> {
      step.run();
      return null;
    });
  }

  /** Lets every task already queued on the context run, and the tasks those queue in turn (a few rounds). */
  public void settle() {
    for (int i = 0; i < 5; i++) {
      run(() -> { });
    }
  }
}
