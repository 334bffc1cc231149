package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Outcome;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.spi.Rejection;
import java.time.Duration;

/**
 * Micrometer metrics of one guarded execution, the twin of {@link ExecutionMetrics}: every policy event is counted
 * as it happens ({@code fusebox.policy.events}, {@code fusebox.rejections} when it rejects), and the duration on the
 * guard's clock is recorded when the caller's future completes. Knows no policy: a user's is counted like the
 * built-ins.
 *
 * <p>Thread-safe: holds one immutable reference; the guard's meters are thread-safe.
 */
final class MicrometerExecution implements ExecutionObserver {

  private final MicrometerGuardMeters meters;

  MicrometerExecution(MicrometerGuardMeters meters) {
    this.meters = meters;
  }

  @Override
  public void onEvent(PolicyEvent event) {
    meters.count(event);
    if (event instanceof Rejection rejection) {
      meters.countRejection(rejection.policyName(), rejection.policyKind());
    }
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure, Duration elapsed) {
    meters.recordDuration(outcome, elapsed);
  }
}
