package dev.fusebox;

import org.jspecify.annotations.Nullable;
import io.vertx.core.Future;

/**
 * An asynchronous operation that is told which {@link Attempt} it is running as, so it can register a cancellation
 * hook. Use {@link Guard#execute(java.util.function.Supplier)} when the operation does not need it.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface Operation<T extends @Nullable Object> {

  /**
   * Starts the operation. Throwing, or returning {@code null}, is turned into a failed future by the guard.
   */
  Future<T> run(Attempt attempt) throws Exception;
}
