package com.example.killswitch;

import dev.fusebox.RejectedException;
import java.time.Duration;

/** A call refused by an engaged {@link KillSwitch}. Stackless and shared, as rejections are. */
public final class KillSwitchRejectedException extends RejectedException {

  private final Duration retryAfter;

  KillSwitchRejectedException(String name, Duration retryAfter) {
    super(name, KillSwitch.KIND);
    this.retryAfter = retryAfter;
  }

  @Override
  public Duration retryAfter() {
    return retryAfter;
  }

  @Override
  public String getMessage() {
    return "kill switch '" + policyName() + "' is engaged";
  }
}
