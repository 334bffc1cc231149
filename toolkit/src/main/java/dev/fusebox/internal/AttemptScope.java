package dev.fusebox.internal;

import dev.fusebox.Attempt;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The cancellation scope of one attempt. Scopes nest: a timeout or a retry opens a child scope, and cancelling a
 * scope cancels its children, so an outer timeout also stops the attempts a retry inside it started.
 *
 * <p>Thread-safe and lock-free: hooks live in an immutable list swapped by compare-and-set (a field updater, not an
 * AtomicReference, so a scope is one object on the guard's hot path).
 */
public class AttemptScope implements Attempt {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private static final Hooks CANCELLED = new Hooks(null, null);
  private static final Hooks EMPTY = new Hooks(null, null);

  private static final AtomicReferenceFieldUpdater<AttemptScope, Hooks> HOOKS =
      AtomicReferenceFieldUpdater.newUpdater(AttemptScope.class, Hooks.class, "hooks");

  /** The scope of a call that no policy can cancel; registering a hook on it does nothing. */
  public static final AttemptScope ROOT = new AttemptScope() {
    @Override
    public void onCancel(Runnable hook) {
      // nothing can cancel the root scope, so the hook would never run
    }

    @Override
    public boolean cancel() {
      return false;
    }
  };

  private final int number;
  private volatile Hooks hooks = EMPTY;

  private AttemptScope() {
    this.number = 1;
  }

  /** Opens a child of {@code parent} with the given attempt number; cancelling the parent cancels it. */
  public AttemptScope(AttemptScope parent, int number) {
    this.number = number;
    if (parent != ROOT) {
      parent.onCancel(this::cancel);
    }
  }

  /** Opens a child of {@code parent} that keeps its attempt number. */
  public static AttemptScope childOf(AttemptScope parent) {
    return new AttemptScope(parent, parent.number());
  }

  @Override
  public int number() {
    return number;
  }

  @Override
  public boolean isCancelled() {
    return hooks == CANCELLED;
  }

  @Override
  public void onCancel(Runnable hook) {
    if (hook == null) {
      throw new IllegalArgumentException("hook must not be null");
    }
    for (;;) {
      Hooks current = hooks;
      if (current == CANCELLED) {
        runQuietly(hook);
        return;
      }
      if (HOOKS.compareAndSet(this, current, new Hooks(hook, current))) {
        return;
      }
    }
  }

  /** Cancels this scope and runs its hooks, newest first; returns false if it was already cancelled. */
  public boolean cancel() {
    Hooks registered = HOOKS.getAndSet(this, CANCELLED);
    if (registered == CANCELLED) {
      return false;
    }
    for (Hooks h = registered; h != null && h != EMPTY; h = h.next) {
      runQuietly(h.hook);
    }
    return true;
  }

  private static void runQuietly(Runnable hook) {
    try {
      hook.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "cancellation hook threw; ignored", t);
    }
  }

  private record Hooks(Runnable hook, Hooks next) {
  }
}
