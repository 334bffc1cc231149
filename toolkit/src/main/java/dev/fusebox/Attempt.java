package dev.fusebox;

/**
 * One attempt of a guarded operation, as seen by the operation itself.
 *
 * <p>An operation that can be stopped (an HTTP request that can be reset, a query that can be cancelled) registers
 * a hook with {@link #onCancel(Runnable)}; a timeout that expires runs it, so the abandoned work does not hold a
 * connection or a thread.
 *
 * <p>Thread-safe.
 */
public interface Attempt {

  /** The 1-based number of this attempt: 1 for the first call, 2 for the first retry, and so on. */
  int number();

  /**
   * Registers {@code hook} to run once if this attempt is abandoned (its timeout expired, or an outer policy gave
   * up on it). A hook registered after cancellation runs at once. Hooks that throw are logged and ignored.
   */
  void onCancel(Runnable hook);

  /** Whether this attempt has been abandoned. */
  boolean isCancelled();
}
