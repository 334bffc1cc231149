package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.Outcome;
import dev.fusebox.Subscription;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Several guard observers acting as one, each isolated from the others and from the call: whatever one throws is
 * logged and ignored, the others still get every callback, and every scope opened is closed, in reverse order, even
 * when another observer's {@code enter} or {@code close} threw. A guard fans out to its observers through one; a
 * registry hands one to every guard it builds and adds observers to it later ({@link #add}), so tracing and metrics
 * installed after a guard was built still see its calls.
 *
 * <p>Thread-safe: the members are a copy-on-write array; each call's observers are fixed when it starts.
 */
public final class ObserverGroup implements GuardObserver {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");
  private static final GuardObserver[] NONE = new GuardObserver[0];

  private final AtomicReference<GuardObserver[]> members;

  private ObserverGroup(GuardObserver[] members) {
    this.members = new AtomicReference<>(members);
  }

  /** An empty group, to {@link #add} observers to. */
  public static ObserverGroup create() {
    return new ObserverGroup(NONE);
  }

  /** A group of {@code observers}. */
  public static ObserverGroup of(List<? extends GuardObserver> observers) {
    GuardObserver[] array = observers.toArray(GuardObserver[]::new);
    for (GuardObserver o : array) {
      Require.nonNull(o, "observer");
    }
    return new ObserverGroup(array);
  }

  /** Adds {@code observer} for the calls that start from now on; closing the subscription removes it. */
  public Subscription add(GuardObserver observer) {
    Require.nonNull(observer, "observer");
    members.updateAndGet(current -> {
      GuardObserver[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = observer;
      return next;
    });
    return () -> members.updateAndGet(current -> {
      for (int i = 0; i < current.length; i++) {
        if (current[i] == observer) {
          GuardObserver[] next = new GuardObserver[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          return next;
        }
      }
      return current;
    });
  }

  /** Whether the group has no member now. */
  public boolean isEmpty() {
    return members.get().length == 0;
  }

  /** Starts every member for one call; null when none of them observes it. */
  @Override
  public @Nullable ExecutionObserver onStart(String guardName) {
    GuardObserver[] current = members.get();
    if (current.length == 0) {
      return null;
    }
    ExecutionObserver[] started = new ExecutionObserver[current.length];
    int n = 0;
    for (GuardObserver g : current) {
      try {
        ExecutionObserver o = g.onStart(guardName);
        if (o != null) {
          started[n++] = o;
        }
      } catch (Throwable t) {
        failed(g, "onStart", t);
      }
    }
    if (n == 0) {
      return null;
    }
    return new Isolated(n == started.length ? started : Arrays.copyOf(started, n));
  }

  private static void failed(Object observer, String what, Throwable t) {
    LOG.log(Level.WARNING, "guard observer " + observer.getClass().getName() + " threw in " + what
        + "; ignored, the other observers still run", t);
  }

  /** The observers of one call. */
  private static final class Isolated implements ExecutionObserver {
    private final ExecutionObserver[] observers;

    Isolated(ExecutionObserver[] observers) {
      this.observers = observers;
    }

    @Override
    public Scope enter(int attempt) {
      Scope[] opened = new Scope[observers.length];
      for (int i = 0; i < observers.length; i++) {
        try {
          opened[i] = observers[i].enter(attempt);
        } catch (Throwable t) {
          failed(observers[i], "enter", t);
        }
      }
      return () -> {
        for (int i = opened.length - 1; i >= 0; i--) {
          if (opened[i] != null) {
            try {
              opened[i].close();
            } catch (Throwable t) {
              failed(observers[i], "scope close", t);
            }
          }
        }
      };
    }

    @Override
    public void onEvent(PolicyEvent event) {
      for (ExecutionObserver o : observers) {
        try {
          o.onEvent(event);
        } catch (Throwable t) {
          failed(o, "onEvent", t);
        }
      }
    }

    @Override
    public void onEnd(Outcome outcome, Throwable failure, Duration elapsed) {
      for (ExecutionObserver o : observers) {
        try {
          o.onEnd(outcome, failure, elapsed);
        } catch (Throwable t) {
          failed(o, "onEnd", t);
        }
      }
    }
  }
}
