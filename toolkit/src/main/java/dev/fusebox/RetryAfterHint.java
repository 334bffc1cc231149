package dev.fusebox;

import org.jspecify.annotations.Nullable;
import java.time.Duration;

/**
 * A failure that says how long to wait before trying again — a rejection, an HTTP 429/503 with {@code Retry-After}.
 * A retry never retries such a failure sooner than asked: it waits at least {@link #retryAfter()}, and when that is
 * longer than it may wait, it stops and hands the failure to the caller.
 */
public interface RetryAfterHint {

  /** The wait asked for; {@link Duration#ZERO} (or null) when there is no hint. */
  @Nullable Duration retryAfter();
}
