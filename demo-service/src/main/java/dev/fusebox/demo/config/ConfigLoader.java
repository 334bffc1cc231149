package dev.fusebox.demo.config;

import dev.fusebox.config.GuardConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds the {@link DemoConfig} from, in increasing precedence: the defaults, a JSON file (named by
 * {@code --conf FILE} on the command line, else by {@code DEMO_CONFIG}), and environment variables.
 *
 * <p>{@code userApi.guard} is in the JSON guard format of {@link GuardConfig}; each policy given there replaces the
 * default policy of the same name ({@link #defaultGuard()}), {@code null} removes one, and the result is validated
 * here, so a bad guard stops start-up with the JSON path of the key. While the demo runs, it is the one part reloaded
 * when the file changes ({@link ConfigWatch}); other keys take effect at the next start.
 *
 * <p>JSON keys are written nested ({@code {"http": {"port": 8080}}}) or dotted ({@code {"http.port": 8080}}).
 * Every failure is a {@link ConfigException} naming the key, where the value came from, the rule and the value:
 * {@code http.port must be an integer in [0, 65535], was "80a" (from environment HTTP_PORT)}. Unknown keys are
 * rejected too, so a misspelt setting does not silently keep its default.
 *
 * <p>Thread-safe: stateless.
 */
public final class ConfigLoader {

  /** The environment variable naming the JSON configuration file. */
  public static final String CONFIG_FILE_ENV = "DEMO_CONFIG";

  private static final Map<String, Set<String>> KNOWN = Map.of(
      "http", Set.of("host", "port", "headerTimeout", "idleTimeout"),
      "metrics", Set.of("host", "port"),
      "userApi", Set.of("url", "guard", "deadline", "serveStaleAfter"),
      "cache", Set.of("maxSize", "ttl"),
      "admin", Set.of("enabled", "port"),
      "dashboard", Set.of("maxSubscribers"),
      "shutdown", Set.of("timeout", "readyDelay"),
      "reload", Set.of("scanPeriod"),
      "cluster", Set.of("enabled", "name", "host", "port", "members", "eventBusPort"));

  private static final Pattern IPV4 = Pattern.compile(
      "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  /** A host name or IPv4 address, optionally with a port of up to 5 digits (range checked apart). */
  private static final Pattern MEMBER = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9.\\-]{0,252})(:\\d{1,5})?");

  /** The part of the configuration file the running demo reloads when the file changes. */
  public static final String RELOADED = "userApi.guard";

  private ConfigLoader() {
  }

  /**
   * The guard used for the upstream when {@code userApi.guard} is not given, in the JSON guard format: an 800 ms
   * timeout per attempt; 3 attempts with jittered exponential backoff, retries limited by a budget (at most 5 % of
   * the last second's calls, plus 1 a second) so a failing upstream does not get every caller's traffic three times
   * — sized for a fleet: 1,000 replicas at 10 calls a second each send at most 1.1 attempts per call in any second
   * of a fault (the README's fleet simulation); a breaker that opens at 40 % failures, or when half the calls take
   * 400 ms or more, over 10 s and at least 20 calls, and stays open 30 s less a random 0–20 % ({@code openJitter}),
   * so replicas that opened together do not probe together.
   *
   * <p>Why 40 %: the simulated API's faults are drawn one after the other (reset, hang, error, malformed), so a
   * "60 % mix" of 10 % reset, 20 % hang, 20 % error and 10 % malformed fails 48 % of the attempts; a 50 % threshold
   * never opened under it. The overall deadline ({@code userApi.deadline}) is not part of this JSON: it wraps it.
   */
  public static JsonObject defaultGuard() {
    return new JsonObject()
        .put("timeout", "800ms")
        .put("retry", new JsonObject()
            .put("maxAttempts", 3)
            .put("backoff", new JsonObject()
                .put("type", "exponential").put("initial", "50ms").put("max", "1s"))
            .put("jitter", 0.5)
            .put("budget", new JsonObject().put("ratio", 0.05).put("minPerSecond", 1).put("window", "1s")))
        .put("circuitBreaker", new JsonObject()
            .put("failureRate", 0.4)
            .put("slowCallRate", 0.5)
            .put("slowCallDuration", "400ms")
            .put("minimumCalls", 20)
            .put("window", "10s")
            .put("openFor", "30s")
            .put("openJitter", 0.2)
            .put("halfOpenCalls", 3));
  }

  /** Loads the configuration of a process started with {@code args}, in environment {@code env}. */
  public static DemoConfig load(List<String> args, Map<String, String> env) {
    String file = configFile(args, env);
    JsonObject json = file == null ? new JsonObject() : readFile(file);
    checkKeys(json, file);
    Source src = new Source(json, env, file);
    String httpHost = src.string("http.host", "HTTP_HOST", "0.0.0.0");
    int httpPort = src.port("http.port", "HTTP_PORT", DemoConfig.DEFAULT_HTTP_PORT);
    String metricsHost = src.string("metrics.host", "METRICS_HOST", "0.0.0.0");
    int metricsPort = src.port("metrics.port", "METRICS_PORT", DemoConfig.DEFAULT_METRICS_PORT);
    UpstreamUrl url = src.url("userApi.url", "USER_API_URL");
    JsonObject guard = src.guard("userApi.guard");
    long cacheMaxSize = src.positiveLong("cache.maxSize", null, DemoConfig.DEFAULT_CACHE_MAX_SIZE);
    Duration cacheTtl = src.positiveDuration("cache.ttl", null, DemoConfig.DEFAULT_CACHE_TTL);
    boolean admin = src.bool("admin.enabled", "DEMO_ADMIN_ENABLED", false);
    int adminPort = src.port("admin.port", "ADMIN_PORT", DemoConfig.DEFAULT_ADMIN_PORT);
    Duration shutdown = src.positiveDuration("shutdown.timeout", "SHUTDOWN_TIMEOUT",
        DemoConfig.DEFAULT_SHUTDOWN_TIMEOUT);
    Duration deadline = src.positiveDuration("userApi.deadline", "USER_API_DEADLINE", DemoConfig.DEFAULT_DEADLINE);
    Duration serveStaleAfter = src.serveStaleAfter(deadline);
    Duration headerTimeout = src.positiveDuration("http.headerTimeout", "HTTP_HEADER_TIMEOUT",
        DemoConfig.DEFAULT_HEADER_TIMEOUT);
    Duration idleTimeout = src.positiveDuration("http.idleTimeout", "HTTP_IDLE_TIMEOUT",
        DemoConfig.DEFAULT_IDLE_TIMEOUT);
    int maxSubscribers = (int) src.integer("dashboard.maxSubscribers", null,
        DemoConfig.DEFAULT_MAX_DASHBOARD_SUBSCRIBERS, 0, 100_000);
    Duration readyDelay = src.nonNegativeDuration("shutdown.readyDelay", "SHUTDOWN_READY_DELAY",
        DemoConfig.DEFAULT_READY_DELAY);
    Duration scanPeriod = src.positiveDuration("reload.scanPeriod", null, DemoConfig.DEFAULT_RELOAD_SCAN_PERIOD);
    return new DemoConfig(httpHost, httpPort, metricsHost, metricsPort, url, guard, cacheMaxSize, cacheTtl, admin,
        adminPort, shutdown, deadline, serveStaleAfter, headerTimeout, idleTimeout, maxSubscribers, readyDelay, file,
        scanPeriod, cluster(src));
  }

  private static ClusterConfig cluster(Source src) {
    boolean enabled = src.bool("cluster.enabled", "DEMO_CLUSTER_ENABLED", false);
    String name = src.string("cluster.name", "DEMO_CLUSTER_NAME", ClusterConfig.DEFAULT_NAME);
    String host = src.ipv4("cluster.host", "DEMO_CLUSTER_HOST");
    int port = (int) src.integer("cluster.port", "DEMO_CLUSTER_PORT", ClusterConfig.DEFAULT_PORT, 1, 65_535);
    List<String> members = src.members("cluster.members", "DEMO_CLUSTER_MEMBERS");
    int eventBusPort = src.port("cluster.eventBusPort", "VERTX_EVENTBUS_PORT", ClusterConfig.DEFAULT_EVENT_BUS_PORT);
    return new ClusterConfig(enabled, name, host, port, members, eventBusPort);
  }

  /**
   * The guard section of a configuration file's JSON as the demo runs it — the default guard with the file's policies
   * laid over it — not yet validated, so a reload reports what is wrong with its JSON path; a value that is not an
   * object comes back as it is, and null when the file has none (the defaults).
   */
  public static Object reloadedGuard(JsonObject file) {
    Found found = new Source(file, Map.of(), "reload").find(RELOADED, null);
    if (found == null) {
      return defaultGuard();
    }
    return found.value instanceof JsonObject given ? merge(defaultGuard(), given) : found.value;
  }

  private static String configFile(List<String> args, Map<String, String> env) {
    String file = null;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals("--conf") || arg.equals("-conf")) {
        if (i + 1 >= args.size()) {
          throw new ConfigException("--conf needs a file name: --conf FILE");
        }
        file = args.get(++i);
      } else if (arg.startsWith("--conf=")) {
        file = arg.substring("--conf=".length());
      } else {
        throw new ConfigException("unknown argument \"" + arg + "\"; usage: java -jar fusebox-demo-service.jar"
            + " [--conf FILE]");
      }
    }
    if (file == null) {
      String fromEnv = env.get(CONFIG_FILE_ENV);
      file = fromEnv == null || fromEnv.isBlank() ? null : fromEnv;
    }
    return file;
  }

  private static JsonObject readFile(String file) {
    String text;
    try {
      text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      throw new ConfigException("config file " + file + " cannot be read: " + e, e);
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      throw new ConfigException("config file " + file + " must hold one JSON object: " + e.getMessage(), e);
    }
  }

  private static void checkKeys(JsonObject json, String file) {
    for (String key : json.fieldNames()) {
      int dot = key.indexOf('.');
      if (dot > 0) {
        String section = key.substring(0, dot);
        String leaf = key.substring(dot + 1);
        if (!KNOWN.containsKey(section) || !KNOWN.get(section).contains(leaf)) {
          throw unknown(key, file);
        }
        continue;
      }
      Set<String> leaves = KNOWN.get(key);
      if (leaves == null) {
        throw unknown(key, file);
      }
      Object section = json.getValue(key);
      if (!(section instanceof JsonObject object)) {
        throw new ConfigException(key + " must be a JSON object, was " + describe(section) + " (in " + file + ")");
      }
      for (String leaf : object.fieldNames()) {
        if (!leaves.contains(leaf)) {
          throw unknown(key + "." + leaf, file);
        }
      }
    }
  }

  private static ConfigException unknown(String key, String file) {
    Set<String> known = new TreeSet<>();
    KNOWN.forEach((section, leaves) -> leaves.forEach(leaf -> known.add(section + "." + leaf)));
    return new ConfigException("unknown key " + key + " in " + file + "; known keys: " + String.join(", ", known));
  }

  static String describe(Object value) {
    if (value instanceof String s) {
      return "\"" + s + "\"";
    }
    return String.valueOf(value);
  }

  /** One lookup context: the file's JSON, then the environment over it. */
  private record Source(JsonObject json, Map<String, String> env, String file) {

    /** The raw value and where it came from, or null when neither the file nor the environment sets it. */
    private Found find(String key, String envName) {
      if (envName != null) {
        String value = env.get(envName);
        if (value != null && !value.isBlank()) {
          return new Found(value.trim(), "environment " + envName);
        }
      }
      Object value = json.getValue(key);
      if (value == null) {
        int dot = key.indexOf('.');
        JsonObject section = json.getJsonObject(key.substring(0, dot));
        value = section == null ? null : section.getValue(key.substring(dot + 1));
      }
      return value == null ? null : new Found(value, file);
    }

    private ConfigException invalid(String key, String rule, Found found, Throwable cause) {
      return new ConfigException(key + " " + rule + ", was " + describe(found.value) + " (from " + found.origin + ")",
          cause);
    }

    String string(String key, String envName, String fallback) {
      Found found = find(key, envName);
      if (found == null) {
        return fallback;
      }
      if (!(found.value instanceof String s) || s.isBlank()) {
        throw invalid(key, "must be a non-empty string", found, null);
      }
      return s.trim();
    }

    int port(String key, String envName, int fallback) {
      long value = integer(key, envName, fallback, 0, 65_535);
      return (int) value;
    }

    long positiveLong(String key, String envName, long fallback) {
      return integer(key, envName, fallback, 1, Long.MAX_VALUE);
    }

    long integer(String key, String envName, long fallback, long min, long max) {
      Found found = find(key, envName);
      if (found == null) {
        return fallback;
      }
      String rule = max == Long.MAX_VALUE ? "must be an integer >= " + min
          : "must be an integer in [" + min + ", " + max + "]";
      long value;
      if (found.value instanceof Number n) {
        if (n.doubleValue() != Math.rint(n.doubleValue())) {
          throw invalid(key, rule, found, null);
        }
        value = n.longValue();
      } else if (found.value instanceof String s) {
        try {
          value = Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
          throw invalid(key, rule, found, e);
        }
      } else {
        throw invalid(key, rule, found, null);
      }
      if (value < min || value > max) {
        throw invalid(key, rule, found, null);
      }
      return value;
    }

    boolean bool(String key, String envName, boolean fallback) {
      Found found = find(key, envName);
      if (found == null) {
        return fallback;
      }
      if (found.value instanceof Boolean b) {
        return b;
      }
      if (found.value instanceof String s) {
        String lower = s.trim().toLowerCase(Locale.ROOT);
        if (lower.equals("true")) {
          return true;
        }
        if (lower.equals("false")) {
          return false;
        }
      }
      throw invalid(key, "must be true or false", found, null);
    }

    Duration positiveDuration(String key, String envName, Duration fallback) {
      Duration d = duration(key, envName, fallback);
      if (d != fallback && (d.isZero() || d.isNegative())) {
        throw invalid(key, "must be a positive duration", find(key, envName), null);
      }
      return d;
    }

    /**
     * {@code userApi.serveStaleAfter}: when a lookup of a cached user gives up waiting for the fresh answer, below
     * {@code deadline} (default 90 % of it), so the cached answer leaves before the budget is spent.
     */
    Duration serveStaleAfter(Duration deadline) {
      Duration fallback = Duration.ofNanos(deadline.toNanos() / 10 * 9);
      Duration d = positiveDuration("userApi.serveStaleAfter", "USER_API_SERVE_STALE_AFTER", fallback);
      if (d.compareTo(deadline) >= 0) {
        throw invalid("userApi.serveStaleAfter", "must be shorter than userApi.deadline (" + deadline.toMillis()
            + " ms)", find("userApi.serveStaleAfter", "USER_API_SERVE_STALE_AFTER"), null);
      }
      return d;
    }

    Duration nonNegativeDuration(String key, String envName, Duration fallback) {
      Duration d = duration(key, envName, fallback);
      if (d.isNegative()) {
        throw invalid(key, "must be a duration of 0 or more", find(key, envName), null);
      }
      return d;
    }

    private Duration duration(String key, String envName, Duration fallback) {
      Found found = find(key, envName);
      if (found == null) {
        return fallback;
      }
      if (!(found.value instanceof String s)) {
        throw invalid(key, "must be a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\"", found, null);
      }
      Duration d;
      try {
        d = DurationParser.parse(s);
      } catch (IllegalArgumentException e) {
        throw invalid(key, "must be a duration such as \"800ms\", \"30s\", \"5m\" or \"PT0.8S\"", found, e);
      }
      return d;
    }

    /** An IPv4 address in dotted form (what Hazelcast's interface list takes), or null when not set. */
    String ipv4(String key, String envName) {
      Found found = find(key, envName);
      if (found == null) {
        return null;
      }
      if (!(found.value instanceof String s) || !IPV4.matcher(s.trim()).matches()) {
        throw invalid(key, "must be an IPv4 address such as \"10.0.0.7\" or \"127.0.0.1\"", found, null);
      }
      return s.trim();
    }

    /**
     * Cluster members, {@code host} or {@code host:port} each, from a JSON array of strings or a comma-separated
     * string; empty when not set.
     */
    List<String> members(String key, String envName) {
      Found found = find(key, envName);
      if (found == null) {
        return List.of();
      }
      String rule = "must be a list of host or host:port (port in [1, 65535]), as a JSON array of strings or"
          + " comma separated";
      List<Object> items;
      if (found.value instanceof String s) {
        items = new ArrayList<>(List.of((Object[]) s.split(",", -1)));
      } else if (found.value instanceof JsonArray array) {
        items = array.getList();
      } else {
        throw invalid(key, rule, found, null);
      }
      List<String> members = new ArrayList<>();
      for (Object item : items) {
        if (!(item instanceof String member) || !MEMBER.matcher(member.trim()).matches()) {
          throw invalid(key, rule, found, null);
        }
        String trimmed = member.trim();
        int colon = trimmed.lastIndexOf(':');
        if (colon > 0) {
          int port = Integer.parseInt(trimmed.substring(colon + 1));
          if (port < 1 || port > 65_535) {
            throw invalid(key, rule, found, null);
          }
        }
        members.add(trimmed);
      }
      return members;
    }

    UpstreamUrl url(String key, String envName) {
      Found found = find(key, envName);
      if (found == null) {
        return null;
      }
      if (!(found.value instanceof String s)) {
        throw invalid(key, "must be an absolute http(s) URL", found, null);
      }
      try {
        return UpstreamUrl.parse(s);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(key + " " + e.getMessage() + " (from " + found.origin + ")", e);
      }
    }

    JsonObject guard(String key) {
      Found found = find(key, null);
      JsonObject guard;
      if (found == null) {
        guard = defaultGuard();
      } else if (found.value instanceof JsonObject given) {
        guard = merge(defaultGuard(), given);
      } else {
        throw invalid(key, "must be a JSON object in the guard format", found, null);
      }
      try {
        GuardConfig.parse(guard, key);
      } catch (IllegalArgumentException e) {
        throw new ConfigException(e.getMessage() + " (from " + (found == null ? "defaults" : found.origin) + ")", e);
      }
      return guard;
    }
  }

  /**
   * Lays the configured guard over the default one, policy by policy: a policy given replaces the default policy
   * whole (so its settings never mix with defaults of another window or backoff kind), a policy not given keeps
   * the default, and JSON {@code null} removes it.
   */
  static JsonObject merge(JsonObject defaults, JsonObject given) {
    JsonObject out = defaults.copy();
    for (String field : given.fieldNames()) {
      Object value = given.getValue(field);
      if (value == null) {
        out.remove(field);
      } else {
        out.put(field, value);
      }
    }
    return out;
  }

  private record Found(Object value, String origin) {
  }
}
