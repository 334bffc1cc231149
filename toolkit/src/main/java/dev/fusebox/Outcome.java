package dev.fusebox;

/** How a guarded execution ended for its caller. Reported to observers and, by the integration, in telemetry. */
public enum Outcome {
  /** The operation succeeded (possibly after retries). */
  SUCCESS,
  /** The caller got a failure that is neither a rejection nor a timeout. */
  FAILURE,
  /** A circuit breaker, bulkhead or rate limiter refused the call. */
  REJECTED,
  /** The caller got a {@link GuardTimeoutException}. */
  TIMEOUT,
  /** A fallback produced the caller's result. */
  FALLBACK;

  /** The lower-case name used in telemetry ({@code success}, {@code failure}, ...). */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
