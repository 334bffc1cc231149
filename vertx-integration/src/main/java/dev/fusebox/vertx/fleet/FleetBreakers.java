package dev.fusebox.vertx.fleet;

import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.fleet.internal.FleetBreakersImpl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

/**
 * One node's part in a fleet of replicas sharing breaker news over the Vert.x event bus (clustered by the
 * application's cluster manager, or local for a single node).
 *
 * <pre>{@code
 * FleetBreakers fleet = FleetBreakers.start(vertx, registry, FleetOptions.defaults().withQuorum(2, ofSeconds(30)))
 *     .await();
 * fleet.forceOpen("payments");   // on every node that has a breaker of that name
 * }</pre>
 *
 * <ul>
 *   <li>Every transition of a breaker of {@code registry} (present or registered later) is published as
 *       {@code {"v":1,"type":"transition","node":..,"breaker":..,"from":..,"to":..,"at":..}}; the others' reports are
 *       read with {@link #view(String)}.</li>
 *   <li>{@link #forceOpen}, {@link #disable} and {@link #reset} apply the breaker's manual control here at once and
 *       publish a command that every other node applies to its breaker of that name, if it has one.</li>
 *   <li>With a quorum Q ({@link FleetOptions#withQuorum}), when at least Q other nodes' reports within the window say
 *       OPEN, this node {@linkplain dev.fusebox.circuitbreaker.CircuitBreaker#trip() trips} its CLOSED breaker: an
 *       ordinary open that half-opens after the open duration. Advisory only: remote counts never close, force open
 *       or disable a breaker, and reports age out, so a partitioned or silent node falls back to local-only
 *       behaviour.</li>
 *   <li>A message that is not JSON, has another version or lacks a field is counted in {@link #dropped()} and
 *       ignored; nothing is thrown.</li>
 * </ul>
 *
 * <p>Thread-safe; listeners and message handlers never block.
 */
public interface FleetBreakers {

  /**
   * Joins the fleet: listens on {@code options.address()} and publishes {@code registry}'s transitions; the future
   * completes once the listener is registered across the cluster.
   */
  static Future<FleetBreakers> start(Vertx vertx, CircuitBreakerRegistry registry, FleetOptions options) {
    return FleetBreakersImpl.start(vertx, registry, options);
  }

  /** This node's id. */
  String nodeId();

  /** Forces the breaker {@code name} open on every node (until a fleet or local reset). */
  void forceOpen(String name);

  /** Disables the breaker {@code name} on every node. */
  void disable(String name);

  /** Resets the breaker {@code name} to CLOSED on every node. */
  void reset(String name);

  /** The other nodes' reports on breaker {@code name} within the window (empty when none). */
  FleetView view(String name);

  /** How many received messages were dropped as malformed or of an unknown version or type. */
  long dropped();

  /** How many times the quorum signal opened a breaker of this node. */
  long quorumOpenings();

  /** Leaves the fleet: stops listening and publishing. The breakers keep their state. */
  Future<Void> close();
}
