package dev.fusebox.demo.dashboard;

import dev.fusebox.demo.upstream.Faults;
import dev.fusebox.demo.upstream.SimulatedUserApi;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's buttons for the simulated API's faults: named presets, the fault matrix of the load test.
 *
 * <p>Thread-safe: the presets are immutable; the API holds its faults atomically.
 */
public final class FaultControls {

  private static final Map<String, Faults> BY_NAME = new LinkedHashMap<>();

  static {
    BY_NAME.put("none", Faults.NONE);
    BY_NAME.put("error", new Faults(1, Duration.ZERO, 0, 0, 0));
    BY_NAME.put("hang", new Faults(0, Duration.ZERO, 1, 0, 0));
    BY_NAME.put("reset", new Faults(0, Duration.ZERO, 0, 1, 0));
    BY_NAME.put("malformed", new Faults(0, Duration.ZERO, 0, 0, 1));
    BY_NAME.put("mix", new Faults(0.2, Duration.ZERO, 0.2, 0.1, 0.1));
    BY_NAME.put("latency", new Faults(0, Duration.ofMillis(500), 0, 0, 0));
  }

  /** The preset names, in button order. */
  public static final List<String> PRESETS = List.copyOf(BY_NAME.keySet());

  private final SimulatedUserApi api;

  /** Controls {@code api}'s faults. */
  public FaultControls(SimulatedUserApi api) {
    this.api = api;
  }

  /** The faults of preset {@code name}, or null. */
  public static Faults preset(String name) {
    return BY_NAME.get(name);
  }

  /** Applies preset {@code name} (one of {@link #PRESETS}). */
  void apply(String name) {
    api.faults(BY_NAME.get(name));
  }

  /** The preset in force, or null when the faults were set otherwise (through {@code /admin/faults}). */
  String active() {
    Faults current = api.faults();
    return BY_NAME.entrySet().stream().filter(e -> e.getValue().equals(current)).map(Map.Entry::getKey)
        .findFirst().orElse(null);
  }

  /** The faults in force, as JSON. */
  JsonObject current() {
    return api.faults().toJson();
  }

  /** Whether {@code address} is a loopback address (127.0.0.0/8 or ::1). */
  static boolean isLoopback(String address) {
    if (address == null) {
      return false;
    }
    return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1")
        || address.startsWith("::ffff:127.");
  }
}
