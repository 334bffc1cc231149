package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.Outcome;
import dev.fusebox.RateLimitedException;
import dev.fusebox.spi.ExecutionObserver;
import java.time.Duration;

/**
 * Metrics of one guarded execution: counts retries, timeouts, fallbacks and rejections as they happen and records
 * the duration when the caller's future completes.
 *
 * <p>The guard calls an execution's observer sequentially; the one mutable field is volatile because consecutive
 * calls may come from different threads.
 */
public final class ExecutionMetrics implements ExecutionObserver {

  private final GuardInstruments instruments;
  private final GuardInstruments.GuardAttributes attributes;
  private final long startNanos = System.nanoTime();
  /** The fallback's cause, so a rejection that is both that and the caller's failure counts once. */
  private volatile Throwable fallbackCause;

  public ExecutionMetrics(GuardInstruments instruments, String guard) {
    this.instruments = instruments;
    this.attributes = instruments.attributes(guard);
  }

  @Override
  public void onRetry(int nextAttempt, Duration delay, Throwable cause) {
    instruments.retries.add(1, attributes.guardOnly);
    countRejection(cause);
  }

  @Override
  public void onTimeout(Duration timeout) {
    instruments.timeouts.add(1, attributes.guardOnly);
  }

  @Override
  public void onFallback(Throwable cause) {
    instruments.fallbacks.add(1, attributes.guardOnly);
    fallbackCause = cause;
    countRejection(cause);
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure) {
    if (failure != fallbackCause) {
      countRejection(failure);
    }
    instruments.duration.record((System.nanoTime() - startNanos) / 1e9, attributes.withOutcome(outcome));
  }

  private void countRejection(Throwable cause) {
    if (cause instanceof BulkheadFullException full) {
      instruments.bulkheadRejections.add(1, attributes.withPolicy(full.policyName()));
    } else if (cause instanceof RateLimitedException limited) {
      instruments.rateLimiterRejections.add(1, attributes.withPolicy(limited.policyName()));
    }
  }
}
