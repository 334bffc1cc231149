package dev.fusebox;

import java.time.Duration;

/**
 * Rejection by a bulkhead whose concurrent calls, and wait queue if any, are full.
 *
 * <p>Immutable.
 */
public final class BulkheadFullException extends RejectedException {

  private final int maxConcurrentCalls;
  private final int maxQueued;
  private final boolean queueTimedOut;

  /**
   * Creates the rejection.
   *
   * @param queueTimedOut true when the call waited in the queue for the maximum wait and got no permit
   */
  public BulkheadFullException(String bulkheadName, int maxConcurrentCalls, int maxQueued, boolean queueTimedOut) {
    super(bulkheadName, "bulkhead");
    this.maxConcurrentCalls = maxConcurrentCalls;
    this.maxQueued = maxQueued;
    this.queueTimedOut = queueTimedOut;
  }

  /** The bulkhead's concurrency limit. */
  public int maxConcurrentCalls() {
    return maxConcurrentCalls;
  }

  /** The bulkhead's queue capacity (0 when it has none). */
  public int maxQueued() {
    return maxQueued;
  }

  /** Whether the call was queued and its maximum wait expired. */
  public boolean queueTimedOut() {
    return queueTimedOut;
  }

  /** 429: the caller is over this service's concurrency limit. */
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
    return queueTimedOut
        ? "bulkhead '" + policyName() + "': no permit within the maximum wait (" + maxConcurrentCalls
            + " concurrent calls)"
        : "bulkhead '" + policyName() + "' is full: " + maxConcurrentCalls + " concurrent calls and " + maxQueued
            + " queued";
  }
}
