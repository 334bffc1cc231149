package dev.fusebox.vertx.config;

import dev.fusebox.Guard;
import dev.fusebox.GuardSpec;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.bulkhead.BulkheadSpec;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.internal.Require;
import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.ratelimiter.RateLimiterSpec;
import dev.fusebox.retry.Retry;
import dev.fusebox.retry.RetrySpec;
import dev.fusebox.vertx.config.internal.JsonFields;
import dev.fusebox.vertx.config.internal.PolicyParsers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
 *     "openFor": "30s", "openForMultiplier": 2, "openForMax": "5m", "halfOpenCalls": 3
 *   },
 *   "bulkhead": { "maxConcurrentCalls": 50, "maxQueued": 100, "maxWait": "200ms" },
 *   "rateLimiter": { "permits": 100, "per": "1s", "burst": 20, "maxWait": "50ms" },
 *   "order": ["retry", "rateLimiter", "bulkhead", "circuitBreaker", "timeout"]
 * }
 * }</pre>
 *
 * <p>Every key is optional; a policy is part of the guard when its key is present. Keys:
 * <ul>
 *   <li>{@code timeout}: a duration.
 *   <li>{@code retry}: {@code maxAttempts}; {@code backoff} with {@code type} {@code fixed} (waits {@code initial}),
 *       {@code exponential} (default; {@code initial}, {@code max}, {@code multiplier}) or {@code decorrelated}
 *       ({@code initial} as the base, {@code max}); {@code jitter} in [0, 1]; {@code maxDelay}, the cap of every
 *       delay; {@code budget} with {@code ratio}, {@code minPerSecond} and optionally {@code window};
 *       {@code retryOnRejection}. A retry built from JSON honours {@code Retry-After}
 *       ({@link dev.fusebox.vertx.client.RetryAfter#hint()}) — harmless for guards that never see HTTP.
 *   <li>{@code circuitBreaker}: {@code failureRate}, {@code slowCallRate}, {@code slowCallDuration},
 *       {@code minimumCalls}; one kind of window: {@code window} (time, with optional {@code buckets}),
 *       {@code countWindow} (last N calls) or {@code halfLife} (time-decayed); {@code openFor},
 *       {@code openForMultiplier} with {@code openForMax}, {@code halfOpenCalls}, {@code probeTimeout}.
 *   <li>{@code bulkhead}: {@code maxConcurrentCalls}, {@code maxQueued}, {@code maxWait}.
 *   <li>{@code rateLimiter}: {@code permits} per {@code per} (both required), {@code burst}, {@code maxWait}.
 *   <li>{@code order}: the policies' names, outermost first. Without it the order is
 *       <b>retry, rateLimiter, bulkhead, circuitBreaker, timeout</b>: the timeout bounds each attempt, the breaker
 *       counts each attempt, local rejections (bulkhead, rate limiter) never count as breaker failures, and
 *       retries take rate-limiter tokens like first attempts.
 * </ul>
 * Durations are written {@code "800ms"}, {@code "30s"}, {@code "5m"} or ISO-8601 {@code "PT0.8S"}
 * ({@link DurationFormat}). Unknown keys are errors. A fallback needs code, not JSON: add it around the config with
 * {@code g -> g.fallback(...)} before {@link #applyTo}, or per call.
 *
 * <p>Immutable and thread-safe: parse once, apply to as many guards as needed; each application creates new
 * stateful policies (its own breaker, budget, ...).
 */
public final class GuardConfig {

  /** Policy name of the retry in {@code order}. */
  public static final String RETRY = "retry";
  /** Policy name of the circuit breaker in {@code order}. */
  public static final String CIRCUIT_BREAKER = "circuitBreaker";
  /** Policy name of the timeout in {@code order}. */
  public static final String TIMEOUT = "timeout";
  /** Policy name of the bulkhead in {@code order}. */
  public static final String BULKHEAD = "bulkhead";
  /** Policy name of the rate limiter in {@code order}. */
  public static final String RATE_LIMITER = "rateLimiter";
  /** The order used when none is given, outermost first. */
  public static final List<String> DEFAULT_ORDER = List.of(RETRY, RATE_LIMITER, BULKHEAD, CIRCUIT_BREAKER, TIMEOUT);

  private static final Set<String> KEYS = Set.of(RETRY, CIRCUIT_BREAKER, TIMEOUT, BULKHEAD, RATE_LIMITER, "order");

  private final Duration timeout;
  private final Consumer<RetrySpec> retry;
  private final Consumer<CircuitBreakerSpec> circuitBreaker;
  private final Consumer<BulkheadSpec> bulkhead;
  private final Consumer<RateLimiterSpec> rateLimiter;
  private final List<String> order;

  private GuardConfig(Duration timeout, Consumer<RetrySpec> retry, Consumer<CircuitBreakerSpec> circuitBreaker,
      Consumer<BulkheadSpec> bulkhead, Consumer<RateLimiterSpec> rateLimiter, List<String> order) {
    this.timeout = timeout;
    this.retry = retry;
    this.circuitBreaker = circuitBreaker;
    this.bulkhead = bulkhead;
    this.rateLimiter = rateLimiter;
    this.order = order;
  }

  /**
   * Parses and validates {@code json}, found at {@code path} in the configuration (used in messages; {@code ""}
   * for the root).
   *
   * @throws IllegalArgumentException naming the JSON path, for the first invalid or unknown key
   */
  public static GuardConfig parse(JsonObject json, String path) {
    Require.nonNull(json, "json");
    JsonFields fields = new JsonFields(json, path == null ? "" : path);
    fields.allowOnly(KEYS);

    Duration timeout = fields.duration(TIMEOUT);
    if (timeout != null) {
      PolicyParsers.check(fields.path(), () -> Require.positive(timeout, "timeout"), TIMEOUT);
    }
    JsonFields retryFields = fields.object(RETRY);
    Consumer<RetrySpec> retry = retryFields == null ? null : PolicyParsers.retry(retryFields);
    if (retry != null) {
      PolicyParsers.check(retryFields.path(), () -> Retry.of("config", retry), RETRY);
    }
    JsonFields breakerFields = fields.object(CIRCUIT_BREAKER);
    Consumer<CircuitBreakerSpec> breaker = breakerFields == null ? null : PolicyParsers.circuitBreaker(breakerFields);
    if (breaker != null) {
      PolicyParsers.check(breakerFields.path(), () -> CircuitBreaker.of("config", breaker), CIRCUIT_BREAKER);
    }
    JsonFields bulkheadFields = fields.object(BULKHEAD);
    Consumer<BulkheadSpec> bulkhead = bulkheadFields == null ? null : PolicyParsers.bulkhead(bulkheadFields);
    if (bulkhead != null) {
      PolicyParsers.check(bulkheadFields.path(), () -> Bulkhead.of("config", bulkhead), BULKHEAD);
    }
    JsonFields limiterFields = fields.object(RATE_LIMITER);
    Consumer<RateLimiterSpec> limiter = limiterFields == null ? null : PolicyParsers.rateLimiter(limiterFields);
    if (limiter != null) {
      PolicyParsers.check(limiterFields.path(), () -> RateLimiter.of("config", limiter), RATE_LIMITER);
    }

    List<String> configured = new ArrayList<>();
    for (String name : DEFAULT_ORDER) {
      if (fields.has(name) && json.getValue(name) != null) {
        configured.add(name);
      }
    }
    List<String> order = fields.strings("order");
    if (order == null) {
      order = configured;
    } else {
      checkOrder(fields.path("order"), order, configured);
    }
    return new GuardConfig(timeout, retry, breaker, bulkhead, limiter, List.copyOf(order));
  }

  /** Parses {@code json} (see {@link #parse}) and builds a guard named {@code guardName} from it. */
  public static <T> Guard<T> fromJson(Vertx vertx, String guardName, JsonObject json, String path) {
    GuardConfig config = parse(json, path);
    return config.build(vertx, guardName);
  }

  private static void checkOrder(String path, List<String> order, List<String> configured) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < order.size(); i++) {
      String name = order.get(i);
      if (!DEFAULT_ORDER.contains(name)) {
        throw new IllegalArgumentException(path + "[" + i + "] must be one of " + String.join(", ", DEFAULT_ORDER)
            + ", was \"" + name + "\"");
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException(path + "[" + i + "] must not repeat a policy, was \"" + name
            + "\" again");
      }
      if (!configured.contains(name)) {
        throw new IllegalArgumentException(path + "[" + i + "] names \"" + name + "\", which is not configured");
      }
    }
    for (String name : configured) {
      if (!seen.contains(name)) {
        throw new IllegalArgumentException(path + " must list every configured policy, was missing \"" + name
            + "\"");
      }
    }
  }

  /**
   * Adds this configuration's policies to {@code spec}, in {@link #order()}, after any the spec already has (so a
   * fallback added first wraps them all).
   */
  public <T> GuardSpec<T> applyTo(GuardSpec<T> spec) {
    Require.nonNull(spec, "spec");
    for (String name : order) {
      switch (name) {
        case RETRY -> spec.retry(retry);
        case CIRCUIT_BREAKER -> spec.circuitBreaker(circuitBreaker);
        case TIMEOUT -> spec.timeout(timeout);
        case BULKHEAD -> spec.bulkhead(bulkhead);
        case RATE_LIMITER -> spec.rateLimiter(rateLimiter);
        default -> throw new IllegalStateException("unknown policy " + name);
      }
    }
    return spec;
  }

  /** Builds a guard named {@code name} with this configuration's policies. */
  public <T> Guard<T> build(Vertx vertx, String name) {
    GuardSpec<T> spec = Guard.builder(vertx, name);
    return applyTo(spec).build();
  }

  /** The policies configured, outermost first. */
  public List<String> order() {
    return order;
  }

  /** The timeout, if configured. */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  @Override
  public String toString() {
    return "GuardConfig" + order;
  }
}
