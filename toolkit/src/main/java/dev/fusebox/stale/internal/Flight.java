package dev.fusebox.stale.internal;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * One call in flight for a key, which later calls for the key join: its outcome, and whether that outcome is a
 * remembered value (so every call that shares it is counted as having fallen back).
 *
 * <p>Thread-safe: {@code stale} is written before the promise completes and read in its listeners.
 */
final class Flight {

  final Promise<Object> outcome = Promise.promise();
  volatile boolean stale;

  Future<Object> future() {
    return outcome.future();
  }
}
