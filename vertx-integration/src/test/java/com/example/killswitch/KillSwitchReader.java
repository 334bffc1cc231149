package com.example.killswitch;

import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/** Reads {@code "killSwitch": {"engaged": false, "retryAfter": "5s"}}; registered through the service loader. */
public final class KillSwitchReader implements PolicyReader {

  @Override
  public String key() {
    return KillSwitch.KIND;
  }

  @Override
  public int rank() {
    return 50; // outermost by default: nothing else runs while the switch is engaged
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(KillSwitch.KIND);
    f.allowOnly(Set.of("engaged", "retryAfter"));
    Boolean engaged = f.bool("engaged");
    Duration retryAfter = f.duration("retryAfter");
    KillSwitch[] policy = new KillSwitch[1];
    f.check(() -> policy[0] = KillSwitch.of("config", retryAfter != null ? retryAfter : Duration.ofSeconds(5),
        engaged != null && engaged));
    return policy[0];
  }
}
