package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.Subscription;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * A copy-on-write list of event listeners with isolated delivery: a listener that throws is logged and never stops
 * the others, nor the call that produced the event.
 *
 * <p>Thread-safe: registration copies the array; delivery reads one volatile reference.
 *
 * @param <E> the event type
 */
public final class Listeners<E> {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");
  @SuppressWarnings("rawtypes")
  private static final Consumer[] NONE = new Consumer[0];

  private static final VarHandle LISTENERS;

  static {
    try {
      LISTENERS = MethodHandles.lookup().findVarHandle(Listeners.class, "listeners", Consumer[].class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @SuppressWarnings("unchecked")
  private volatile Consumer<? super E>[] listeners = NONE;
  private final String kind;
  private final @Nullable String name;

  /** Creates an empty list; {@code owner} names what the listeners listen to in log messages. */
  public Listeners(String owner) {
    this(owner, null);
  }

  /**
   * Creates an empty list for the policy of {@code kind} (e.g. {@code "circuit breaker"}) named {@code name}, as
   * log messages name it. The two are kept apart, not joined, so that a policy's listener list costs no string of
   * its own: it matters with many keyed policies.
   */
  public Listeners(String kind, @Nullable String name) {
    this.kind = kind;
    this.name = name;
  }

  /**
   * Adds a listener; closing the returned subscription removes it.
   *
   * @throws IllegalArgumentException if {@code listener} is null
   */
  public Subscription add(Consumer<? super E> listener) {
    Require.nonNull(listener, "listener");
    for (;;) {
      Consumer<? super E>[] current = listeners;
      Consumer<? super E>[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = listener;
      if (LISTENERS.compareAndSet(this, current, next)) {
        return () -> remove(listener);
      }
    }
  }

  private void remove(Consumer<? super E> listener) {
    for (;;) {
      Consumer<? super E>[] current = listeners;
      int index = -1;
      for (int i = 0; i < current.length && index < 0; i++) {
        if (current[i] == listener) {
          index = i;
        }
      }
      if (index < 0) {
        return;
      }
      @SuppressWarnings("unchecked")
      Consumer<? super E>[] next = new Consumer[current.length - 1];
      System.arraycopy(current, 0, next, 0, index);
      System.arraycopy(current, index + 1, next, index, current.length - index - 1);
      if (LISTENERS.compareAndSet(this, current, next)) {
        return;
      }
    }
  }

  /** True when nobody listens, so callers can skip building the event at all. */
  public boolean isEmpty() {
    return listeners.length == 0;
  }

  /** Delivers {@code event} to every listener, isolating each one. */
  public void fire(E event) {
    for (Consumer<? super E> listener : listeners) {
      try {
        listener.accept(event);
      } catch (Throwable t) {
        LOG.log(Level.WARNING, "listener of " + owner() + " threw on " + event + "; other listeners still run", t);
      }
    }
  }

  private String owner() {
    return name == null ? kind : kind + " '" + name + "'";
  }
}
