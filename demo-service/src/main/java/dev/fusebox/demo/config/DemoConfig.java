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
    Duration shutdownTimeout) {

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
        adminPort, shutdownTimeout);
  }
}
