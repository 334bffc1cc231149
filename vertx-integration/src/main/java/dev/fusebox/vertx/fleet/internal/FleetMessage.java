package dev.fusebox.vertx.fleet.internal;

import dev.fusebox.circuitbreaker.CircuitState;
import io.vertx.core.json.JsonObject;

/**
 * A fleet message read from the wire: a transition one node reports, or a command for every node. {@link #parse}
 * returns null for anything else. Immutable.
 *
 * @param type {@code transition} or {@code command}
 * @param node the sender's id
 * @param breaker the breaker's name
 * @param to the state moved to (transitions)
 * @param action {@code force_open}, {@code disable} or {@code reset} (commands)
 */
record FleetMessage(String type, String node, String breaker, CircuitState to, String action) {

  static final int VERSION = 1;
  static final String TRANSITION = "transition";
  static final String COMMAND = "command";
  static final String FORCE_OPEN = "force_open";
  static final String DISABLE = "disable";
  static final String RESET = "reset";

  static JsonObject transition(String node, String breaker, CircuitState from, CircuitState to, long atMillis) {
    return new JsonObject().put("v", VERSION).put("type", TRANSITION).put("node", node).put("breaker", breaker)
        .put("from", from.name()).put("to", to.name()).put("at", atMillis);
  }

  static JsonObject command(String node, String breaker, String action, long atMillis) {
    return new JsonObject().put("v", VERSION).put("type", COMMAND).put("node", node).put("breaker", breaker)
        .put("action", action).put("at", atMillis);
  }

  /** The message in {@code body} (a JsonObject or JSON text), or null when it is malformed or unknown; never throws. */
  static FleetMessage parse(Object body) {
    JsonObject json;
    try {
      if (body instanceof JsonObject object) {
        json = object;
      } else if (body instanceof String text) {
        json = new JsonObject(text);
      } else {
        return null;
      }
      if (!Integer.valueOf(VERSION).equals(json.getValue("v"))) {
        return null;
      }
      String type = json.getString("type");
      String node = json.getString("node");
      String breaker = json.getString("breaker");
      if (node == null || node.isEmpty() || breaker == null || breaker.isEmpty()) {
        return null;
      }
      if (TRANSITION.equals(type)) {
        String to = json.getString("to");
        if (to == null || json.getString("from") == null) {
          return null;
        }
        CircuitState.valueOf(json.getString("from"));
        return new FleetMessage(type, node, breaker, CircuitState.valueOf(to), null);
      }
      if (COMMAND.equals(type)) {
        String action = json.getString("action");
        if (FORCE_OPEN.equals(action) || DISABLE.equals(action) || RESET.equals(action)) {
          return new FleetMessage(type, node, breaker, null, action);
        }
      }
      return null;
    } catch (RuntimeException e) {   // DecodeException, ClassCastException, an unknown state: all malformed
      return null;
    }
  }
}
