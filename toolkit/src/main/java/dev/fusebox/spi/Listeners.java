package dev.fusebox.spi;

import dev.fusebox.Subscription;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
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

  @SuppressWarnings("unchecked")
  private final AtomicReference<Consumer<? super E>[]> listeners = new AtomicReference<>(NONE);
  private final String owner;

  /** Creates an empty list; {@code owner} names the policy in log messages. */
  public Listeners(String owner) {
    this.owner = owner;
  }

  /**
   * Adds a listener; closing the returned subscription removes it.
   *
   * @throws IllegalArgumentException if {@code listener} is null
   */
  public Subscription add(Consumer<? super E> listener) {
    Require.nonNull(listener, "listener");
    listeners.updateAndGet(current -> {
      Consumer<? super E>[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = listener;
      return next;
    });
    return () -> listeners.updateAndGet(current -> {
      for (int i = 0; i < current.length; i++) {
        if (current[i] == listener) {
          @SuppressWarnings("unchecked")
          Consumer<? super E>[] next = new Consumer[current.length - 1];
          System.arraycopy(current, 0, next, 0, i);
          System.arraycopy(current, i + 1, next, i, current.length - i - 1);
          return next;
        }
      }
      return current;
    });
  }

  /** True when nobody listens, so callers can skip building the event at all. */
  public boolean isEmpty() {
    return listeners.get().length == 0;
  }

  /** Delivers {@code event} to every listener, isolating each one. */
  public void fire(E event) {
    for (Consumer<? super E> listener : listeners.get()) {
      try {
        listener.accept(event);
      } catch (Throwable t) {
        LOG.log(Level.WARNING, "listener of " + owner + " threw on " + event + "; other listeners still run", t);
      }
    }
  }
}
