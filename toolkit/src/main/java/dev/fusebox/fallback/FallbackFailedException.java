package dev.fusebox.fallback;

/**
 * The failure of a fallback that could not keep the original failure itself: the fallback was refused by a policy
 * (its rejections are shared and immutable, so nothing can be added to them). {@link #getCause()} is the fallback's
 * failure, {@link #original()} — also the one suppressed exception — the failure that made the call fall back.
 *
 * <p>Immutable once thrown.
 */
public final class FallbackFailedException extends RuntimeException {

  private final transient Throwable original;

  /** Wraps {@code fallbackFailure}, keeping {@code original}. */
  public FallbackFailedException(String guardName, Throwable fallbackFailure, Throwable original) {
    super("fallback of guard '" + guardName + "' failed: " + fallbackFailure.getMessage(), fallbackFailure, true,
        false);
    this.original = original;
    addSuppressed(original);
  }

  /** The failure that made the call fall back. */
  public Throwable original() {
    return original;
  }
}
