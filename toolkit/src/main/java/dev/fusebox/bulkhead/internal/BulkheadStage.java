package dev.fusebox.bulkhead.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;

/**
 * A bulkhead inside a guard: runs the inner stages with a permit, queues the call when the bulkhead has a queue
 * and no permit is free, or rejects it at once.
 *
 * <p>Thread-safe: stateless apart from the shared bulkhead.
 */
final class BulkheadStage implements Stage, Reconfigurable {

  private final BulkheadImpl bulkhead;
  private final Stage next;
  /** Whether the guard created the bulkhead for itself (from settings), rather than sharing one passed in. */
  private final boolean owned;

  BulkheadStage(BulkheadImpl bulkhead, Stage next, boolean owned) {
    this.bulkhead = bulkhead;
    this.next = next;
    this.owned = owned;
  }

  /** A guard's own bulkhead resizes in place; a shared one stays, and must be passed again. */
  @Override
  public Policy reconfigure(Policy replacement) {
    if (replacement == bulkhead) {
      return new CarryOver(bulkhead, null, false);
    }
    if (owned && replacement instanceof BulkheadTemplate template) {
      return new CarryOver(bulkhead, bulkhead.prepare(template.config()), true);
    }
    throw new ValidationException("bulkhead", "must stay " + (owned ? "settings of the guard's own bulkhead"
        : "the shared bulkhead '" + bulkhead.name() + "'") + " at a reload, so its permits are kept",
        replacement.toString());
  }

  /** Builds the successor stage on the same bulkhead, resizing it first when there are new settings. */
  private record CarryOver(BulkheadImpl bulkhead, BulkheadConfig settings, boolean owned) implements Policy {
    @Override
    public String kind() {
      return bulkhead.kind();
    }

    @Override
    public Stage createStage(PolicyContext context, Stage next) {
      if (settings != null) {
        bulkhead.apply(settings);
      }
      return bulkhead.stage(next, owned);
    }
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
