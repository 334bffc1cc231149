package dev.fusebox.vertx.web.internal;

/**
 * Marks a guarded route whose response ended with a server-error status, so the guard's breaker counts it; the
 * response itself was already sent. Stackless and immutable.
 */
public final class ResponseStatusFailure extends RuntimeException {

  private final int status;

  public ResponseStatusFailure(int status) {
    super("the response ended with status " + status, null, false, false);
    this.status = status;
  }

  /** The status the response ended with. */
  public int status() {
    return status;
  }
}
