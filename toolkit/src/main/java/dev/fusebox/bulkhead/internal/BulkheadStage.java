package dev.fusebox.bulkhead.internal;

import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;

/**
 * A bulkhead inside a guard: runs the inner stages with a permit, queues the call when the bulkhead has a queue
 * and no permit is free, or rejects it at once.
 *
 * <p>Thread-safe: stateless apart from the shared bulkhead.
 */
final class BulkheadStage implements Stage {

  private final BulkheadImpl bulkhead;
  private final Stage next;

  BulkheadStage(BulkheadImpl bulkhead, Stage next) {
    this.bulkhead = bulkhead;
    this.next = next;
  }

  @Override
  public Object policy() {
    return bulkhead;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    if (bulkhead.tryEnter()) {
      return runWithPermit(execution, scope);
    }
    if (!bulkhead.hasQueue() || !bulkhead.reserveQueueSlot()) {
      return execution.reject(bulkhead.rejectFull());
    }
    QueuedCall<T> call = new QueuedCall<>(bulkhead, next, execution, scope);
    call.enqueue();
    return call.future();
  }

  private <T> Future<T> runWithPermit(Execution<T> execution, AttemptScope scope) {
    if (scope == AttemptScope.ROOT) {
      // Nothing can cancel this call: the permit goes back when it completes.
      Future<T> result = next.run(execution, scope);
      if (result.isComplete()) {
        bulkhead.release();
      } else {
        result.onComplete(bulkhead.releaser());
      }
      return result;
    }
    HeldPermit permit = new HeldPermit(bulkhead);
    // Registered before the operation runs, so the operation's own hooks (newer) run before the permit goes back.
    scope.onCancel(permit);
    Future<T> result = next.run(execution, scope);
    if (result.isComplete()) {
      permit.release();
    } else {
      result.onComplete(permit);
    }
    return result;
  }
}
