package dev.fusebox;

import org.jspecify.annotations.Nullable;
import io.vertx.core.Future;

/**
 * A guarded call started with {@link Guard#start}: its result, and the caller's way to call it off — what a
 * cancelled Kotlin coroutine, a client that went away or a request's overall deadline needs.
 *
 * <p>{@link #cancel()} cancels the call's attempt in flight (its {@link Attempt#onCancel} hooks run: the guarded
 * WebClient resets its HTTP request), lets no retry or hedge start after it, calls off a pending retry delay, and
 * fails {@link #future()} at once with a {@link java.util.concurrent.CancellationException}. The policies still see
 * the abandoned attempt end (a bulkhead or limiter gets its permit back when it does).
 *
 * <p>Thread-safe: {@link #cancel()} may be called from any thread, any number of times.
 *
 * @param <T> the result type
 */
public interface GuardedCall<T extends @Nullable Object> {

  /** The call's result; completes on the caller's context, like {@link Guard#execute}. */
  Future<T> future();

  /**
   * Cancels the call if it has not completed yet.
   *
   * @return true if this cancelled the call; false if it had completed or was cancelled already
   */
  boolean cancel();
}
