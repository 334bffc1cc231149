/**
 * A Vert.x health-check procedure reporting each breaker's state, rates and counts.
 */
package dev.fusebox.vertx.health;
