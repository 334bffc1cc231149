package dev.fusebox.spi;

import org.jspecify.annotations.Nullable;
import dev.fusebox.ValidationException;
import dev.fusebox.config.DurationFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One JSON object of a guard's configuration, with typed, path-aware reads: every error is a
 * {@link ValidationException} naming the full JSON path of the offending key
 * ({@code userApi.guard.retry.maxAttempts must be an integer, was "three"}). {@link PolicyReader}s read their
 * settings through it and run the policy's own setters inside {@link #check}, so each rule lives in the setter
 * and the path is added here.
 *
 * <p>Not thread-safe; used while a configuration is parsed.
 */
public final class ConfigNode {

  private final JsonObject json;
  private final String path;

  /** Wraps {@code json}, found at {@code path} ({@code ""} for the root). */
  public ConfigNode(JsonObject json, String path) {
    this.json = json;
    this.path = path == null ? "" : path;
  }

  /** The JSON object itself. */
  public JsonObject json() {
    return json;
  }

  /** The path of this object. */
  public String path() {
    return path;
  }

  /** The path of {@code key} in this object. */
  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  /** Fails on any key outside {@code known}, naming it and listing the known ones. */
  public void allowOnly(Set<String> known) {
    for (String key : json.fieldNames()) {
      if (!known.contains(key)) {
        throw new ValidationException(path(key), "is not a known key; known keys are "
            + String.join(", ", new TreeSet<>(known)), null);
      }
    }
  }

  /** Whether {@code key} is present with a non-null value. */
  public boolean has(String key) {
    return json.getValue(key) != null;
  }

  /**
   * Runs {@code settings} — a policy's own setters and build — and puts this object's path before the field of a
   * {@link ValidationException} they throw.
   */
  public void check(Runnable settings) {
    try {
      settings.run();
    } catch (ValidationException e) {
      throw e.at(path);
    }
  }

  /** An error about {@code key}: {@code <path.key> <rule>, was <value>}. */
  public ValidationException invalid(String key, String rule, @Nullable Object value) {
    return new ValidationException(path(key), rule, value == null ? null : show(value));
  }

  /** Requires {@code key}; returns its value. */
  public <V> V required(String key, @Nullable V value) {
    if (value == null) {
      throw new ValidationException(path(key), "is required", null);
    }
    return value;
  }

  /** A nested object, or null when absent. */
  public @Nullable ConfigNode object(String key) {
    Object v = json.getValue(key);
    if (v == null) {
      return null;
    }
    if (v instanceof JsonObject o) {
      return new ConfigNode(o, path(key));
    }
    throw wrongType(key, "an object", v);
  }

  /** A duration ({@code "800ms"}, {@code "30s"}, {@code "PT0.8S"}; see {@link DurationFormat}), or null. */
  public @Nullable Duration duration(String key) {
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
  public @Nullable Integer integer(String key) {
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
  public @Nullable Double number(String key) {
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
  public @Nullable Boolean bool(String key) {
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
  public @Nullable String string(String key) {
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
  public @Nullable List<String> strings(String key) {
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
        throw new ValidationException(path(key) + "[" + i + "]", "must be a string", show(item));
      }
      out.add(s);
    }
    return out;
  }

  private ValidationException wrongType(String key, String expected, Object actual) {
    return new ValidationException(path(key), "must be " + expected, show(actual));
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
