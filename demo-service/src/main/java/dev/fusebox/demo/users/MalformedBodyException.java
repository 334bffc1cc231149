package dev.fusebox.demo.users;

/**
 * The user API answered {@code 200} with a body that is not a JSON user. Raised inside the guarded attempt (see
 * {@link UserBodyCheck}), so the breaker counts it as a failure, the retry retries it and the cache fallback serves
 * the cached user for it.
 *
 * <p>Immutable; stackless, since a broken upstream raises one per call.
 */
public final class MalformedBodyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception for a body of {@code length} bytes from {@code uri}. */
  public MalformedBodyException(String uri, int length) {
    super("the user API answered 200 with a body that is not a JSON object (" + length + " bytes from " + uri + ")",
        null, false, false);
  }
}
