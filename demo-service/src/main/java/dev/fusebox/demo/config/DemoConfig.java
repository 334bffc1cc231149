package dev.fusebox.demo.config;

import io.vertx.core.json.JsonObject;
import java.time.Duration;

/**
 * The demo service's settings, read by {@link ConfigLoader} from defaults, a JSON file and the environment.
 *
 * <p>Immutable, except that {@link #guard()} is a {@link JsonObject}: callers get a copy.
 *
 * @param httpHost address the public HTTP server binds ({@code http.host}, {@code HTTP_HOST})
 * @param httpPort port of the public HTTP server ({@code http.port}, {@code HTTP_PORT}); 0 picks a free one
 * @param metricsHost address the Prometheus server binds ({@code metrics.host}, {@code METRICS_HOST})
 * @param metricsPort port of the Prometheus {@code /metrics} server ({@code metrics.port}, {@code METRICS_PORT})
 * @param userApiUrl base URL of the user API ({@code userApi.url}, {@code USER_API_URL}); null starts the embedded
 *     simulated API
 * @param guard the guard of the upstream calls in the JSON guard format ({@code userApi.guard})
 * @param cacheMaxSize most users kept by the fallback cache ({@code cache.maxSize})
 * @param cacheTtl how long a cached user may be served ({@code cache.ttl})
 * @param adminEnabled whether the fault-control endpoint runs ({@code admin.enabled}, {@code DEMO_ADMIN_ENABLED})
 * @param adminPort loopback port of the fault-control endpoint ({@code admin.port}, {@code ADMIN_PORT})
 * @param shutdownTimeout how long in-flight requests may take to finish on SIGTERM ({@code shutdown.timeout},
 *     {@code SHUTDOWN_TIMEOUT})
 * @param deadline the latency budget of one {@code GET /users/{id}}: retries included, the fresh answer must arrive
 *     within it, else the cached user is served, or {@code 504} ({@code userApi.deadline}, {@code USER_API_DEADLINE})
 * @param serveStaleAfter how long a lookup of a cached user waits for the fresh answer before it is served the cached
 *     one, below the deadline so the answer leaves within it; the upstream call goes on to refresh the cache
 *     ({@code userApi.serveStaleAfter}, {@code USER_API_SERVE_STALE_AFTER}; default 90 % of the deadline)
 * @param headerTimeout how long a connection may take to deliver a complete request head, counted from its opening
 *     or from its previous response ({@code http.headerTimeout}, {@code HTTP_HEADER_TIMEOUT})
 * @param idleTimeout how long a connection may stay without reading or writing a byte ({@code http.idleTimeout},
 *     {@code HTTP_IDLE_TIMEOUT})
 * @param maxDashboardSubscribers most open {@code /dashboard/events} streams ({@code dashboard.maxSubscribers})
 * @param readyDelay how long {@code /ready} fails, with every response closing its connection, before the listener
 *     closes on SIGTERM ({@code shutdown.readyDelay}, {@code SHUTDOWN_READY_DELAY})
 * @param configFile the JSON file read ({@code --conf FILE} or {@code DEMO_CONFIG}), watched for changes of
 *     {@code userApi.guard} while the demo runs; null when there is none
 * @param reloadScanPeriod how often the file is read for changes ({@code reload.scanPeriod})
 * @param cluster whether and how the demo joins its replicas on a clustered event bus ({@code cluster.*})
 */
public record DemoConfig(
    String httpHost,
    int httpPort,
    String metricsHost,
    int metricsPort,
    UpstreamUrl userApiUrl,
    JsonObject guard,
    long cacheMaxSize,
    Duration cacheTtl,
    boolean adminEnabled,
    int adminPort,
    Duration shutdownTimeout,
    Duration deadline,
    Duration serveStaleAfter,
    Duration headerTimeout,
    Duration idleTimeout,
    int maxDashboardSubscribers,
    Duration readyDelay,
    String configFile,
    Duration reloadScanPeriod,
    ClusterConfig cluster) {

  /** Default public HTTP port. */
  public static final int DEFAULT_HTTP_PORT = 8080;
  /** Default Prometheus port. */
  public static final int DEFAULT_METRICS_PORT = 9090;
  /** Default loopback port of the fault controls. */
  public static final int DEFAULT_ADMIN_PORT = 8081;
  /** Default size bound of the fallback cache. */
  public static final long DEFAULT_CACHE_MAX_SIZE = 10_000;
  /** Default time to live of a cached user. */
  public static final Duration DEFAULT_CACHE_TTL = Duration.ofMinutes(10);
  /** Default time in-flight requests get to finish on shutdown. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(20);
  /** Default latency budget of one user lookup. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(1);
  /** Default time a connection gets to deliver a complete request head. */
  public static final Duration DEFAULT_HEADER_TIMEOUT = Duration.ofSeconds(10);
  /** Default time a connection may stay silent. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
  /** Default cap on open dashboard streams. */
  public static final int DEFAULT_MAX_DASHBOARD_SUBSCRIBERS = 100;
  /** Default period between two reads of the configuration file for changes. */
  public static final Duration DEFAULT_RELOAD_SCAN_PERIOD = Duration.ofSeconds(2);
  /** Default time {@code /ready} fails before the listener closes on shutdown. */
  public static final Duration DEFAULT_READY_DELAY = Duration.ofSeconds(1);

  /** The configuration of a service started with no file and no environment. */
  public static DemoConfig defaults() {
    return ConfigLoader.load(java.util.List.of(), java.util.Map.of());
  }

  @Override
  public JsonObject guard() {
    return guard.copy();
  }

  /** Whether the embedded simulated user API is started (no {@code userApi.url} given). */
  public boolean embeddedUpstream() {
    return userApiUrl == null;
  }

  /** A copy with other ports and bind addresses, for tests and embedding. */
  public DemoConfig withPorts(String host, int httpPort, int metricsPort) {
    return new DemoConfig(host, httpPort, host, metricsPort, userApiUrl, guard, cacheMaxSize, cacheTtl, adminEnabled,
        adminPort, shutdownTimeout, deadline, serveStaleAfter, headerTimeout, idleTimeout, maxDashboardSubscribers,
        readyDelay, configFile, reloadScanPeriod, cluster);
  }
}
