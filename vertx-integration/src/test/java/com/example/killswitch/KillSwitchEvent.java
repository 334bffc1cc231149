package com.example.killswitch;

import dev.fusebox.spi.PolicyEvent;
import java.util.Map;

/** What a {@link KillSwitch} reports. */
public sealed interface KillSwitchEvent extends PolicyEvent {

  @Override
  default String policyKind() {
    return KillSwitch.KIND;
  }

  /** A call met the engaged switch. */
  record Tripped(String policyName) implements KillSwitchEvent {
    @Override
    public String name() {
      return "killswitch.tripped";
    }

    @Override
    public Map<String, Object> attributes() {
      return Map.of("killswitch.name", policyName);
    }
  }

  /** The switch was engaged or released. */
  record Flipped(String policyName, boolean engaged) implements KillSwitchEvent {
    @Override
    public String name() {
      return "killswitch.flipped";
    }
  }
}
