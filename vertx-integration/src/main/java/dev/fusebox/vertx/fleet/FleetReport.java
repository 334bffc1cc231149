package dev.fusebox.vertx.fleet;

import dev.fusebox.circuitbreaker.CircuitState;
import java.time.Duration;

/**
 * The last transition another node reported for one breaker. Immutable.
 *
 * @param node the reporting node's id
 * @param state the state the breaker moved to on that node
 * @param age how long ago (on this node's clock) the report arrived
 */
public record FleetReport(String node, CircuitState state, Duration age) {

  /** Whether the node reports the breaker open (OPEN or FORCED_OPEN). */
  public boolean open() {
    return state == CircuitState.OPEN || state == CircuitState.FORCED_OPEN;
  }
}
