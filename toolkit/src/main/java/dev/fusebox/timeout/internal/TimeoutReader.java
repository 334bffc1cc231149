package dev.fusebox.timeout.internal;

import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import dev.fusebox.timeout.Timeout;
import java.time.Duration;

/** Reads {@code "timeout": "800ms"}. Stateless. */
public final class TimeoutReader implements PolicyReader {

  @Override
  public String key() {
    return Timeout.KIND;
  }

  @Override
  public int rank() {
    return 500;
  }

  @Override
  public Policy read(ConfigNode guard) {
    Duration duration = guard.duration(Timeout.KIND);
    Timeout[] timeout = new Timeout[1];
    guard.check(() -> timeout[0] = Timeout.of(duration));
    return timeout[0];
  }
}
