package dev.fusebox.bulkhead.internal;

import io.vertx.core.Completable;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A permit taken at once by a call that an outer policy can cancel: it goes back when the call completes or when
 * its scope is cancelled, whichever comes first, and only once.
 *
 * <p>Thread-safe.
 */
final class HeldPermit extends AtomicBoolean implements Runnable, Completable<Object> {

  private final BulkheadImpl bulkhead;

  HeldPermit(BulkheadImpl bulkhead) {
    this.bulkhead = bulkhead;
  }

  /** The scope was cancelled. */
  @Override
  public void run() {
    release();
  }

  /** The call completed. */
  @Override
  public void complete(Object result, Throwable failure) {
    release();
  }

  void release() {
    if (compareAndSet(false, true)) {
      bulkhead.release();
    }
  }
}
