package dev.fusebox.stale.internal;

import dev.fusebox.spi.AttemptScope;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One call in flight for a key, which later calls for the key join. The inner stages run in a scope of the flight's
 * own, not the leader's: a caller that gives up (its timeout, a cancelled coroutine, a client gone) leaves the
 * flight, and only when every caller has left is the flight's scope cancelled (the request reset).
 *
 * <p>Thread-safe: {@code servedAge} and {@code cause} are written before the promise completes and read in its
 * listeners; the waiters count is atomic and, once it reached zero, the flight admits nobody.
 */
final class Flight {

  final Promise<Object> outcome = Promise.promise();
  final AttemptScope scope;
  /** The execution that leads the flight; its own attempts (a hedge inside) never join it. */
  final Object leader;
  private final AtomicInteger waiters = new AtomicInteger(1);
  /** The age of the remembered value the flight was answered with, or null when it was not answered stale. */
  volatile Duration servedAge;
  volatile Throwable cause;

  Flight(Object leader, int attemptNumber) {
    this.leader = leader;
    this.scope = AttemptScope.ROOT.child(attemptNumber);
  }

  Future<Object> future() {
    return outcome.future();
  }

  /** Counts one more waiter; false when every waiter has already left (the flight is being called off). */
  boolean enter() {
    for (;;) {
      int n = waiters.get();
      if (n <= 0) {
        return false;
      }
      if (waiters.compareAndSet(n, n + 1)) {
        return true;
      }
    }
  }

  /** A waiter gave up; the last one to leave cancels the flight's scope. */
  void leave() {
    if (waiters.decrementAndGet() == 0) {
      scope.cancel();
    }
  }
}
