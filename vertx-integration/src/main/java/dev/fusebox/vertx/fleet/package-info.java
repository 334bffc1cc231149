/**
 * Fleet-wide breaker control and signals over the Vert.x (clustered) event bus: every node publishes its breakers'
 * transitions, an operator forces open, disables or resets a named breaker on every node with one call, and an
 * optional advisory quorum opens a node's breaker early when enough other nodes report it open. Uses only the
 * {@code EventBus} API; the cluster manager is the application's.
 */
package dev.fusebox.vertx.fleet;
