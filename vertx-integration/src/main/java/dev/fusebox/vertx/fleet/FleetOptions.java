package dev.fusebox.vertx.fleet;

import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Require;
import java.time.Duration;
import java.util.UUID;

/**
 * How a node takes part in the fleet: the event-bus address, its node id, the clock that ages reports, and the
 * optional quorum signal. Each {@code with} method returns a copy, validated eagerly.
 *
 * <p>Immutable and thread-safe.
 *
 * @param address the event-bus address every node of the fleet publishes and listens on
 * @param nodeId this node's id in messages; unique in the fleet
 * @param clock the clock that stamps received reports and ages them out
 * @param quorum how many other nodes must report a breaker open for this node to open its own early; 0 turns the
 *     signal off
 * @param window how long a received report counts; older ones age out of the quorum and of {@link FleetView}
 */
public record FleetOptions(String address, String nodeId, Clock clock, int quorum, Duration window) {

  /** The default address, {@value}; the {@code v1} is the message version. */
  public static final String DEFAULT_ADDRESS = "fusebox.fleet.v1";
  /** The default report window: 60 seconds. */
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

  /** Validates every field. */
  public FleetOptions {
    Require.name(address, "address");
    Require.name(nodeId, "nodeId");
    Require.nonNull(clock, "clock");
    Require.atLeast(0, quorum, "quorum");
    Require.positive(window, "window");
  }

  /** The defaults: {@link #DEFAULT_ADDRESS}, a random node id, the system clock, no quorum, {@link #DEFAULT_WINDOW}. */
  public static FleetOptions defaults() {
    return new FleetOptions(DEFAULT_ADDRESS, UUID.randomUUID().toString(), Clock.system(), 0, DEFAULT_WINDOW);
  }

  /** A copy on another address. */
  public FleetOptions withAddress(String value) {
    return new FleetOptions(value, nodeId, clock, quorum, window);
  }

  /** A copy with another node id. */
  public FleetOptions withNodeId(String value) {
    return new FleetOptions(address, value, clock, quorum, window);
  }

  /** A copy on another clock (a {@code ManualClock} in tests). */
  public FleetOptions withClock(Clock value) {
    return new FleetOptions(address, nodeId, value, quorum, window);
  }

  /** A copy with the quorum signal: open early when {@code value} other nodes report open within {@code within}. */
  public FleetOptions withQuorum(int value, Duration within) {
    return new FleetOptions(address, nodeId, clock, value, within);
  }
}
