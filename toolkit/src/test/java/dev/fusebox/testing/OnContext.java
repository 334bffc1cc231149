package dev.fusebox.testing;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts an asynchronous call on a chosen Vert.x context and records how, and on which context, its future
 * completed; the test thread then waits for that record.
 */
public final class OnContext {

  private OnContext() {
  }

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
}
