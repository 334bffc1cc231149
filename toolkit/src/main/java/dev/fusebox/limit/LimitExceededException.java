package dev.fusebox.limit;

import dev.fusebox.RejectedException;
import java.time.Duration;

/**
 * Rejection by an adaptive concurrency limit: as many calls as the current limit are in flight. Stackless; 429.
 *
 * <p>Immutable.
 */
public final class LimitExceededException extends RejectedException {

  private final int limit;

  /** Creates the rejection at limit {@code limit}. */
  public LimitExceededException(String name, int limit) {
    super(name, ConcurrencyLimit.KIND);
    this.limit = limit;
  }

  /** The limit when the call was refused. */
  public int limit() {
    return limit;
  }

  @Override
  public int httpStatus() {
    return 429;
  }

  @Override
  public Duration retryAfter() {
    return Duration.ZERO;
  }

  @Override
  public String getMessage() {
    return "concurrency limit '" + policyName() + "' reached: " + limit + " calls in flight";
  }
}
