package dev.fusebox.internal;

import dev.fusebox.GuardedCall;
import dev.fusebox.spi.AttemptScope;
import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.concurrent.CancellationException;

/**
 * A call started by {@link GuardImpl#start(dev.fusebox.Operation, java.util.function.Function)}: the caller's promise
 * and the call's root scope. The first of the pipeline's outcome and {@link #cancel()} completes the promise;
 * cancelling the root scope then cancels the attempt in flight, and retries and hedges see it and start no more.
 *
 * <p>Thread-safe: the promise is completed with {@code try...}, the scope arbitrates by compare-and-set.
 *
 * @param <T> the result type
 */
final class CancellableCall<T> implements GuardedCall<T>, Completable<T> {

  private final String guardName;
  private final AttemptScope root;
  private final Promise<T> promise;

  CancellableCall(String guardName, AttemptScope root, Promise<T> promise) {
    this.guardName = guardName;
    this.root = root;
    this.promise = promise;
  }

  @Override
  public Future<T> future() {
    return promise.future();
  }

  @Override
  public boolean cancel() {
    // The caller's promise first: it arbitrates between the outcome and the cancellation, so that what the hooks
    // make happen (a retry handing back its last failure, say) can never overtake the cancellation.
    if (!promise.tryFail(new CancellationException("call of guard '" + guardName + "' was cancelled by its caller"))) {
      return false;
    }
    root.cancel();
    return true;
  }

  /** The pipeline's outcome. */
  @Override
  public void complete(T result, Throwable failure) {
    root.finish();
    if (failure == null) {
      promise.tryComplete(result);
    } else {
      promise.tryFail(failure);
    }
  }
}
