package dev.fusebox.testing;

import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Blocking helpers for a test thread (never for an event loop): wait, bounded, for a future's outcome, or run a
 * step on a Vert.x context and wait for it. With {@link ManualClock}, {@code on(context, () -> clock.advance(..))}
 * then {@code result(future)} asserts what the timers did. Failures are {@link AssertionError}s, so any test
 * framework reports them.
 *
 * <p>Thread-safe: stateless.
 */
public final class Await {

  private static final long SECONDS = 10;

  private Await() {
  }

  /** The future's value; fails the test if it failed or took more than 10 s. */
  public static <T> T result(Future<T> future) {
    AsyncResult<T> ar = outcome(future);
    if (ar.failed()) {
      throw new AssertionError("expected success, got " + ar.cause(), ar.cause());
    }
    return ar.result();
  }

  /** The future's failure; fails the test if it succeeded or took more than 10 s. */
  public static Throwable failure(Future<?> future) {
    AsyncResult<?> ar = outcome(future);
    if (ar.succeeded()) {
      throw new AssertionError("expected a failure, got " + ar.result());
    }
    return ar.cause();
  }

  /** The future's outcome, waiting at most 10 s. */
  public static <T> AsyncResult<T> outcome(Future<T> future) {
    try {
      return future.<AsyncResult<T>>transform(Future::succeededFuture).await(SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("future not complete after " + SECONDS + " s: " + future);
    }
  }

  /** Runs {@code action} on {@code context} and waits for it; its exceptions fail the test. */
  public static void on(Context context, Runnable action) {
    result(call(context, () -> {
      action.run();
      return Future.succeededFuture();
    }));
  }

  /** Calls {@code start} on {@code context} and returns the future it produced (not waiting for it). */
  public static <T> Future<T> call(Context context, Supplier<Future<T>> start) {
    Promise<Future<T>> started = Promise.promise();
    context.runOnContext(v -> {
      try {
        started.complete(start.get());
      } catch (Throwable t) {
        started.fail(t);
      }
    });
    return result(started.future());
  }
}
