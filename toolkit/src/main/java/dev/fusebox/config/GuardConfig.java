package dev.fusebox.config;

import dev.fusebox.Guard;
import dev.fusebox.GuardSpec;
import dev.fusebox.ValidationException;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * A guard defined in JSON — a Vert.x {@link JsonObject}, so a YAML file or a Kubernetes ConfigMap read through
 * vertx-config works too — validated when parsed, with errors naming the JSON path:
 * {@code userApi.guard.circuitBreaker.failureRate must be in (0, 1], was 1.5}.
 *
 * <pre>{@code
 * {
 *   "timeout": "800ms",
 *   "retry": {
 *     "maxAttempts": 3,
 *     "backoff": { "type": "exponential", "initial": "50ms", "max": "1s", "multiplier": 2 },
 *     "jitter": 0.5,
 *     "maxDelay": "2s",
 *     "budget": { "ratio": 0.2, "minPerSecond": 5 }
 *   },
 *   "circuitBreaker": {
 *     "failureRate": 0.5, "minimumCalls": 20, "window": "10s", "buckets": 10,
 *     "openFor": "30s", "openForMultiplier": 2, "openForMax": "5m", "openJitter": 0.2, "halfOpenCalls": 3
 *   },
 *   "bulkhead": { "maxConcurrentCalls": 50, "maxQueued": 100, "maxWait": "200ms" },
 *   "rateLimiter": { "permits": 100, "per": "1s", "burst": 20, "maxWait": "50ms" },
 *   "order": ["retry", "rateLimiter", "bulkhead", "circuitBreaker", "timeout"]
 * }
 * }</pre>
 *
 * <p>Each key is read by the {@link PolicyReader} registered for it: the built-in policies' readers, every reader
 * found by {@link ServiceLoader}, and those passed to {@link #parse(JsonObject, String, PolicyReader...)}. A policy
 * is part of the guard when its key is present. {@code order} lists the keys, outermost first; without it the
 * readers' ranks decide — for the built-ins <b>retry, rateLimiter, bulkhead, circuitBreaker, timeout</b>: the
 * timeout bounds each attempt, the breaker counts each attempt, local rejections never count as breaker failures,
 * and retries take rate-limiter tokens like first attempts. Durations are written {@code "800ms"}, {@code "30s"},
 * {@code "5m"} or ISO-8601 {@code "PT0.8S"} ({@link DurationFormat}). Any unknown key, at any depth, is an error
 * naming its path. A fallback needs code, not JSON: add it around the config with {@code g -> g.fallback(...)}
 * before {@link #applyTo}, or per call.
 *
 * <p>Immutable and thread-safe: parse once, apply to as many guards as needed; each application gives each guard
 * its own stateful policies (its own breaker, budget, ...), named after the guard.
 */
public final class GuardConfig {

  /** The key of the order list. */
  public static final String ORDER = "order";

  private final Map<String, Policy> policies;
  private final List<String> order;

  private GuardConfig(Map<String, Policy> policies, List<String> order) {
    this.policies = policies;
    this.order = order;
  }

  /**
   * Parses and validates {@code json}, found at {@code path} in the configuration ({@code ""} for the root), with
   * the registered readers and {@code extraReaders}.
   *
   * @throws ValidationException naming the JSON path, for the first invalid or unknown key
   */
  public static GuardConfig parse(JsonObject json, String path, PolicyReader... extraReaders) {
    Require.nonNull(json, "json");
    ConfigNode guard = new ConfigNode(json, path);
    Map<String, PolicyReader> readers = readers(extraReaders);
    Set<String> known = new TreeSet<>(readers.keySet());
    known.add(ORDER);
    guard.allowOnly(known);

    List<PolicyReader> present = new ArrayList<>();
    for (PolicyReader reader : readers.values()) {
      if (guard.has(reader.key())) {
        present.add(reader);
      }
    }
    present.sort(Comparator.comparingInt(PolicyReader::rank));
    Map<String, Policy> read = new LinkedHashMap<>();
    for (PolicyReader reader : present) {
      read.put(reader.key(), reader.read(guard));
    }
    List<String> configured = List.copyOf(read.keySet());
    List<String> order = guard.strings(ORDER);
    if (order == null) {
      order = configured;
    } else {
      checkOrder(guard, order, configured, known);
    }
    return new GuardConfig(Map.copyOf(read), List.copyOf(order));
  }

  /** Parses {@code json} (see {@link #parse}) and builds a guard named {@code guardName} from it. */
  public static <T> Guard<T> fromJson(Vertx vertx, String guardName, JsonObject json, String path) {
    return parse(json, path).build(vertx, guardName);
  }

  private static Map<String, PolicyReader> readers(PolicyReader[] extra) {
    Map<String, PolicyReader> byKey = new LinkedHashMap<>();
    for (PolicyReader reader : ServiceLoader.load(PolicyReader.class, GuardConfig.class.getClassLoader())) {
      byKey.putIfAbsent(reader.key(), reader);
    }
    for (PolicyReader reader : ServiceLoader.load(PolicyReader.class)) {
      byKey.putIfAbsent(reader.key(), reader);
    }
    for (PolicyReader reader : extra) {
      Require.nonNull(reader, "reader");
      if (ORDER.equals(reader.key())) {
        throw Require.invalid("reader key", "must not be \"order\", which lists the policies", reader.key());
      }
      byKey.put(reader.key(), reader);
    }
    return byKey;
  }

  private static void checkOrder(ConfigNode guard, List<String> order, List<String> configured, Set<String> known) {
    String path = guard.path(ORDER);
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      String at = path + "[" + i + "]";
      if (!known.contains(name) || ORDER.equals(name)) {
        Set<String> policies = new TreeSet<>(known);
        policies.remove(ORDER);
        throw new ValidationException(at, "must be one of " + String.join(", ", policies), '"' + name + '"');
      }
      if (!seen.add(name)) {
        throw new ValidationException(at, "must not repeat a policy", '"' + name + "\" again");
      }
      if (!configured.contains(name)) {
        throw new ValidationException(at, "names \"" + name + "\", which is not configured", null);
      }
    }
    for (String name : configured) {
      if (!seen.contains(name)) {
        throw new ValidationException(path, "must list every configured policy", "missing \"" + name + "\"");
      }
    }
  }

  /**
   * Adds this configuration's policies to {@code spec}, in {@link #order()}, after any the spec already has (so a
   * fallback added first wraps them all).
   */
  public <T> GuardSpec<T> applyTo(GuardSpec<T> spec) {
    Require.nonNull(spec, "spec");
    for (String key : order) {
      spec.with(policies.get(key));
    }
    return spec;
  }

  /** Builds a guard named {@code name} with this configuration's policies. */
  public <T> Guard<T> build(Vertx vertx, String name) {
    GuardSpec<T> spec = Guard.builder(vertx, name);
    return applyTo(spec).build();
  }

  /** The keys of the policies configured, outermost first. */
  public List<String> order() {
    return order;
  }

  /** The policy configured under {@code key}, if any. */
  public java.util.Optional<Policy> policy(String key) {
    return java.util.Optional.ofNullable(policies.get(key));
  }

  @Override
  public String toString() {
    return "GuardConfig" + order;
  }
}
