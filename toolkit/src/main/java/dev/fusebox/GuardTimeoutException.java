package dev.fusebox;

import dev.fusebox.internal.Durations;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The failure a caller gets when a guard's timeout expires before the operation completes. It is a
 * {@link TimeoutException}, so code that already handles Vert.x's own {@code Future.timeout} failures handles it too.
 *
 * <p>Created at the deadline; carries no stack trace (the timer's stack says nothing useful).
 */
public final class GuardTimeoutException extends TimeoutException {

  private final String guardName;
  private final Duration timeout;

  /** Creates the failure for {@code guardName}, whose operation outlived {@code timeout}. */
  public GuardTimeoutException(String guardName, Duration timeout) {
    super("guard '" + guardName + "' timed out after " + Durations.format(timeout));
    this.guardName = guardName;
    this.timeout = timeout;
  }

  /** The guard whose timeout expired. */
  public String guardName() {
    return guardName;
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public Throwable fillInStackTrace() {
    return this;
  }
}
