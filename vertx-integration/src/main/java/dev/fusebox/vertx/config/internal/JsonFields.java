package dev.fusebox.vertx.config.internal;

import dev.fusebox.vertx.config.DurationFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Typed, path-aware reads of one JSON object of a configuration: every error names the full JSON path of the
 * offending key ({@code userApi.guard.retry.maxAttempts must be an integer, was "three"}).
 *
 * <p>Not thread-safe; used during parsing only.
 */
public final class JsonFields {

  private final JsonObject json;
  private final String path;

  public JsonFields(JsonObject json, String path) {
    this.json = json;
    this.path = path;
  }

  /** The path of this object. */
  public String path() {
    return path;
  }

  /** The path of {@code key} in this object. */
  public String path(String key) {
    return path == null || path.isEmpty() ? key : path + "." + key;
  }

  /** Fails on any key outside {@code known}, naming it and listing the known ones. */
  public void allowOnly(Set<String> known) {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException(path(key) + " is not a known key; known keys are "
            + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  public boolean has(String key) {
    return json.containsKey(key);
  }

  /** A nested object, or null when absent. */
  public JsonFields object(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof JsonObject o) {
      return new JsonFields(o, path(key));
    }
    throw wrongType(key, "an object", v);
  }

  /** A duration, or null when absent. */
  public Duration duration(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s)) {
      throw wrongType(key, "a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\"", v);
    }
    return DurationFormat.parse(s, path(key));
  }

  /** An integer, or null when absent. */
  public Integer integer(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && d >= Integer.MIN_VALUE && d <= Integer.MAX_VALUE) {
        return (int) d;
      }
    }
    throw wrongType(key, "an integer", v);
  }

  /** A number, or null when absent. */
  public Double number(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(key, "a number", v);
  }

  /** A boolean, or null when absent. */
  public Boolean bool(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    throw wrongType(key, "true or false", v);
  }

  /** A string, or null when absent. */
  public String string(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof String s) {
      return s;
    }
    throw wrongType(key, "a string", v);
  }

  /** An array of strings, or null when absent. */
  public List<String> strings(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonArray array)) {
      throw wrongType(key, "an array of strings", v);
    }
    List<String> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      Object item = array.getValue(i);
      if (!(item instanceof String s)) {
        throw new IllegalArgumentException(path(key) + "[" + i + "] must be a string, was " + show(item));
      }
      out.add(s);
    }
    return out;
  }

  private IllegalArgumentException wrongType(String key, String expected, Object actual) {
    return new IllegalArgumentException(path(key) + " must be " + expected + ", was " + show(actual));
  }

  /** A JSON rendering of a value for messages: strings quoted, objects encoded. */
  public static String show(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof String s) {
      return '"' + s + '"';
    }
    if (v instanceof JsonObject o) {
      return o.encode();
    }
    if (v instanceof JsonArray a) {
      return a.encode();
    }
    return String.valueOf(v);
  }
}
