package dev.fusebox.vertx.fleet;

import java.util.List;

/**
 * What the other nodes of the fleet report about one breaker: each node's last report within the window, newest
 * first. This node's own breaker is not in it. Immutable.
 *
 * @param breaker the breaker's name
 * @param reports the reports still within the window
 */
public record FleetView(String breaker, List<FleetReport> reports) {

  /** Copies {@code reports}. */
  public FleetView {
    reports = List.copyOf(reports);
  }

  /** The ids of the nodes that report the breaker open. */
  public List<String> openNodes() {
    return reports.stream().filter(FleetReport::open).map(FleetReport::node).toList();
  }
}
