package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.Attempt;
import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;

/**
 * The cancellation scope of one attempt. Scopes nest: a timeout, a retry or a hedge opens a {@link #child} scope per
 * attempt, and cancelling a scope cancels the children that are still running, so an outer timeout also stops the
 * attempt a retry inside it has in flight — and only that one.
 *
 * <p>Life cycle: a scope is running until it is either {@linkplain #cancel() cancelled} (its hooks run, newest
 * first) or {@linkplain #finish() finished} by the stage that opened it once its attempt completed (its hooks are
 * dropped unrun and it detaches from its parent, so a long call does not keep finished attempts alive). Both are
 * idempotent and the first one wins.
 *
 * <p>Thread-safe and lock-free: hooks live in an immutable list swapped by compare-and-set (a field updater, so a
 * scope is one object on the hot path).
 */
public class AttemptScope implements Attempt {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private static final Hooks CANCELLED = new Hooks(null, null);
  private static final Hooks FINISHED = new Hooks(null, null);
  private static final Hooks EMPTY = new Hooks(null, null);

  private static final AtomicReferenceFieldUpdater<AttemptScope, Hooks> HOOKS =
      AtomicReferenceFieldUpdater.newUpdater(AttemptScope.class, Hooks.class, "hooks");

  /** The scope of a call that no policy can cancel; registering a hook on it does nothing. */
  public static final AttemptScope ROOT = new AttemptScope(null, 1) {
    @Override
    public void onCancel(Runnable hook) {
      // nothing can cancel the root scope, so the hook would never run
    }

    @Override
    public boolean cancel() {
      return false;
    }

    @Override
    public void finish() {
      // the root scope lives as long as the call
    }
  };

  private final @Nullable AttemptScope parent;
  private final int number;
  private volatile Hooks hooks = EMPTY;

  private AttemptScope(@Nullable AttemptScope parent, int number) {
    this.parent = parent;
    this.number = number;
  }

  /** Opens a child scope with attempt number {@code number}; cancelling this scope cancels it while it runs. */
  public AttemptScope child(int number) {
    AttemptScope child = new AttemptScope(this, number);
    if (this != ROOT) {
      onCancel(new ChildHook(child));
    }
    return child;
  }

  /** Opens a child scope that keeps this scope's attempt number. */
  public AttemptScope child() {
    return child(number);
  }

  @Override
  public int number() {
    return number;
  }

  @Override
  public boolean isCancelled() {
    return hooks == CANCELLED;
  }

  /** Whether the attempt completed and its scope was finished. */
  public boolean isFinished() {
    return hooks == FINISHED;
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
      if (current == FINISHED) {
        return;
      }
      if (HOOKS.compareAndSet(this, current, new Hooks(hook, current))) {
        return;
      }
    }
  }

  /**
   * Cancels this scope if it is still running: runs its hooks, newest first (children's first of all, since they
   * registered last); returns false if it was already cancelled or finished.
   */
  public boolean cancel() {
    for (;;) {
      Hooks registered = hooks;
      if (registered == CANCELLED || registered == FINISHED) {
        return false;
      }
      if (HOOKS.compareAndSet(this, registered, CANCELLED)) {
        for (Hooks h = registered; h != EMPTY; h = h.next) {
          runQuietly(h.hook);
        }
        return true;
      }
    }
  }

  /**
   * Marks the attempt as completed: its hooks are dropped without running, a later {@link #cancel()} does nothing,
   * and the scope is removed from its parent's hooks so the parent no longer references it.
   */
  public void finish() {
    for (;;) {
      Hooks registered = hooks;
      if (registered == CANCELLED || registered == FINISHED) {
        return;
      }
      if (HOOKS.compareAndSet(this, registered, FINISHED)) {
        if (parent != null && parent != ROOT) {
          parent.detach(this);
        }
        return;
      }
    }
  }

  /** Removes the hook that cancels {@code child}; lists are as short as the attempts of one call. */
  private void detach(AttemptScope child) {
    for (;;) {
      Hooks current = hooks;
      if (current == CANCELLED || current == FINISHED) {
        return;
      }
      Hooks without = without(current, child);
      if (without == current || HOOKS.compareAndSet(this, current, without)) {
        return;
      }
    }
  }

  private static Hooks without(Hooks list, AttemptScope child) {
    if (list == EMPTY) {
      return list;
    }
    if (list.hook instanceof ChildHook c && c.child == child) {
      return list.next;
    }
    Hooks rest = without(list.next, child);
    return rest == list.next ? list : new Hooks(list.hook, rest);
  }

  private static void runQuietly(Runnable hook) {
    try {
      hook.run();
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "cancellation hook threw; ignored", t);
    }
  }

  @Override
  public String toString() {
    Hooks h = hooks;
    return "AttemptScope[" + number + (h == CANCELLED ? ", cancelled" : h == FINISHED ? ", finished" : "") + "]";
  }

  private record ChildHook(AttemptScope child) implements Runnable {
    @Override
    public void run() {
      child.cancel();
    }
  }

  private record Hooks(Runnable hook, Hooks next) {
  }
}
