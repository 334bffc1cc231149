package dev.fusebox.composition;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs test steps on one Vert.x context and waits for them, so a test can interleave "call on the context",
 * "advance the manual clock" and "look at the outcome" deterministically: the context runs its tasks in order, so a
 * step queued after {@code clock.advance(..)} runs after the timers that advance fired.
 */
public final class OnContext {

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
