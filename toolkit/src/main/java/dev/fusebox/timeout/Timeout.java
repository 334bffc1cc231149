package dev.fusebox.timeout;

import dev.fusebox.spi.Require;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.timeout.internal.TimeoutStage;
import java.time.Duration;
import java.util.Set;

/**
 * A timeout: when {@link #duration()} elapses before the inner stages complete, the caller gets a
 * {@link dev.fusebox.GuardTimeoutException} and the attempt in flight is cancelled (its {@code onCancel} hooks run).
 * Added with {@code g.timeout(duration)}; listed inside a retry it bounds each attempt, outside it the whole call.
 *
 * <p>Immutable and thread-safe.
 */
public final class Timeout implements Policy {

  /** The policy kind, {@value}. */
  public static final String KIND = "timeout";

  private final Duration duration;

  private Timeout(Duration duration) {
    this.duration = duration;
  }

  /**
   * A timeout of {@code duration}.
   *
   * @throws dev.fusebox.ValidationException unless {@code duration} is at least 1 ms
   */
  public static Timeout of(Duration duration) {
    return new Timeout(Require.positive(duration, KIND));
  }

  /** The configured duration. */
  public Duration duration() {
    return duration;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.BOUNDS_TIME);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return new TimeoutStage(context, duration, next);
  }

  @Override
  public String toString() {
    return "Timeout[" + duration + "]";
  }
}
