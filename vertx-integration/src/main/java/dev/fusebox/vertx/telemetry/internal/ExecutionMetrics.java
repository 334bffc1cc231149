package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Outcome;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.spi.Rejection;
import java.time.Duration;

/**
 * Metrics of one guarded execution: counts every policy event as it happens and records the duration, measured on
 * the guard's clock, when the caller's future completes. Knows no policy: a user's policy is counted like the
 * built-ins ({@code fusebox.policy.events}, and {@code fusebox.rejections} when it rejects).
 *
 * <p>Thread-safe: holds only immutable references; instruments are thread-safe.
 */
public final class ExecutionMetrics implements ExecutionObserver {

  private final GuardInstruments instruments;
  private final GuardInstruments.GuardAttributes attributes;

  public ExecutionMetrics(GuardInstruments instruments, String guard) {
    this.instruments = instruments;
    this.attributes = instruments.attributes(guard);
  }

  @Override
  public void onEvent(PolicyEvent event) {
    instruments.count(attributes, event);
    if (event instanceof Rejection rejection) {
      instruments.rejections.add(1, attributes.withPolicy(rejection.policyName(), rejection.policyKind()));
    }
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure, Duration elapsed) {
    instruments.duration.record(elapsed.toNanos() / 1e9, attributes.withOutcome(outcome));
  }
}
