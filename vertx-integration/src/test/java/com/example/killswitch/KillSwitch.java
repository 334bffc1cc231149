package com.example.killswitch;

import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A user's own policy, written against the public SPI only: refuses every call while it is engaged (an operator's
 * kill switch for a dependency), telling callers when to come back. Proves that a policy outside Fusebox composes,
 * is configured from JSON, traced, counted and mapped to HTTP like the built-ins, with no Fusebox code changed.
 *
 * <p>Thread-safe: the switch is an atomic; the policy is shared by every guard it is added to.
 */
public final class KillSwitch implements Policy {

  /** The policy kind, also its JSON key. */
  public static final String KIND = "killSwitch";

  private final String name;
  private final Duration retryAfter;
  private final AtomicBoolean engaged = new AtomicBoolean();

  private KillSwitch(String name, Duration retryAfter, boolean engaged) {
    this.name = Require.name(name, "name");
    this.retryAfter = Require.nonNegative(retryAfter, "retryAfter");
    this.engaged.set(engaged);
  }

  /** A switch named {@code name}, disengaged, whose rejections say to come back after {@code retryAfter}. */
  public static KillSwitch of(String name, Duration retryAfter) {
    return new KillSwitch(name, retryAfter, false);
  }

  static KillSwitch of(String name, Duration retryAfter, boolean engaged) {
    return new KillSwitch(name, retryAfter, engaged);
  }

  /** Refuses calls from now on. */
  public void engage() {
    engaged.set(true);
  }

  /** Lets calls through again. */
  public void release() {
    engaged.set(false);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    KillSwitchRejectedException rejection = new KillSwitchRejectedException(name, retryAfter);
    Telemetry telemetry = context.telemetry();
    return new Stage() {
      @Override
      public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
        if (engaged.get()) {
          if (telemetry.isEnabled(execution)) {
            telemetry.report(execution, new KillSwitchEvent.Tripped(name));
          }
          return execution.reject(rejection);
        }
        return next.run(execution, scope);
      }
    };
  }
}
