package dev.fusebox.vertx.config.internal;

import dev.fusebox.bulkhead.BulkheadSpec;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.internal.Durations;
import dev.fusebox.ratelimiter.RateLimiterSpec;
import dev.fusebox.retry.RetrySpec;
import dev.fusebox.vertx.client.RetryAfter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reads each policy's JSON object into a block that configures the toolkit's spec. Types, unknown keys and
 * combinations are checked here with the JSON path; ranges are left to the toolkit's setters, whose messages
 * {@link #check} rewrites to start with the JSON path.
 *
 * <p>Thread-safe: stateless; the blocks it returns capture immutable values only.
 */
public final class PolicyParsers {

  private static final Set<String> RETRY_KEYS =
      Set.of("maxAttempts", "backoff", "jitter", "maxDelay", "budget", "retryOnRejection");
  private static final Set<String> BACKOFF_KEYS = Set.of("type", "initial", "max", "multiplier");
  private static final Set<String> BUDGET_KEYS = Set.of("ratio", "minPerSecond", "window");
  private static final Set<String> BREAKER_KEYS = Set.of("failureRate", "slowCallRate", "slowCallDuration",
      "minimumCalls", "window", "buckets", "countWindow", "halfLife", "openFor", "openForMultiplier", "openForMax",
      "halfOpenCalls", "probeTimeout");
  private static final Set<String> BULKHEAD_KEYS = Set.of("maxConcurrentCalls", "maxQueued", "maxWait");
  private static final Set<String> LIMITER_KEYS = Set.of("permits", "per", "burst", "maxWait");

  /** Toolkit field phrases of composite setters, and the JSON keys they come from. */
  private static final Map<String, String> RETRY_PHRASES = Map.of(
      "exponentialBackoff initial", "backoff.initial",
      "exponentialBackoff max", "backoff.max",
      "exponentialBackoff multiplier", "backoff.multiplier",
      "fixedBackoff", "backoff.initial",
      "decorrelatedJitterBackoff base", "backoff.initial",
      "decorrelatedJitterBackoff max", "backoff.max",
      "budget ratio", "budget.ratio",
      "budget minRetriesPerSecond", "budget.minPerSecond",
      "budget window", "budget.window");
  private static final Map<String, String> LIMITER_PHRASES = Map.of(
      "rate permits", "permits",
      "rate per", "per",
      "rate", "permits");

  private PolicyParsers() {
  }

  /**
   * Runs {@code action} — toolkit setters and build — and rewrites an {@link IllegalArgumentException} so that its
   * message starts with the JSON path under {@code prefix}.
   */
  public static void check(String prefix, Runnable action, String policy) {
    try {
      action.run();
    } catch (IllegalArgumentException e) {
      Map<String, String> phrases = "retry".equals(policy) ? RETRY_PHRASES
          : "rateLimiter".equals(policy) ? LIMITER_PHRASES : Map.of();
      throw new IllegalArgumentException(rewrite(prefix, e.getMessage(), phrases), e);
    }
  }

  static String rewrite(String prefix, String message, Map<String, String> phrases) {
    String m = message == null ? "is invalid" : message;
    List<String> keys = new ArrayList<>(phrases.keySet());
    keys.sort(Comparator.comparingInt(String::length).reversed());
    for (String phrase : keys) {
      if (m.startsWith(phrase + " ")) {
        m = phrases.get(phrase) + m.substring(phrase.length());
        break;
      }
    }
    return prefix == null || prefix.isEmpty() ? m : prefix + "." + m;
  }

  // ---------------------------------------------------------------------------------------------- retry

  /** Reads a {@code retry} object. */
  public static Consumer<RetrySpec> retry(JsonFields f) {
    f.allowOnly(RETRY_KEYS);
    Integer maxAttempts = f.integer("maxAttempts");
    Double jitter = f.number("jitter");
    Duration maxDelay = f.duration("maxDelay");
    Boolean retryOnRejection = f.bool("retryOnRejection");
    List<Consumer<RetrySpec>> steps = new ArrayList<>();
    if (maxAttempts != null) {
      steps.add(r -> r.maxAttempts(maxAttempts));
    }
    JsonFields backoff = f.object("backoff");
    String type = "exponential";
    Duration initial = RetrySpec.DEFAULT_INITIAL_DELAY;
    if (backoff != null) {
      backoff.allowOnly(BACKOFF_KEYS);
      String t = backoff.string("type");
      type = t == null ? "exponential" : t;
      Duration givenInitial = backoff.duration("initial");
      Duration max = backoff.duration("max");
      Double multiplier = backoff.number("multiplier");
      initial = givenInitial != null ? givenInitial : RetrySpec.DEFAULT_INITIAL_DELAY;
      Duration first = initial;
      switch (type) {
        case "fixed" -> {
          notWith(backoff, "max", "fixed");
          notWith(backoff, "multiplier", "fixed");
          steps.add(r -> r.fixedBackoff(first));
        }
        case "exponential" -> {
          Duration upTo = max != null ? max : RetrySpec.DEFAULT_MAX_DELAY;
          double factor = multiplier != null ? multiplier : RetrySpec.DEFAULT_MULTIPLIER;
          steps.add(r -> r.exponentialBackoff(first, upTo, factor));
        }
        case "decorrelated" -> {
          notWith(backoff, "multiplier", "decorrelated");
          Duration upTo = max != null ? max : RetrySpec.DEFAULT_MAX_DELAY;
          steps.add(r -> r.decorrelatedJitterBackoff(first, upTo));
        }
        default -> throw new IllegalArgumentException(backoff.path("type")
            + " must be one of fixed, exponential, decorrelated, was \"" + type + "\"");
      }
    }
    if (jitter != null) {
      if ("decorrelated".equals(type) && jitter != 0) {
        throw new IllegalArgumentException(f.path("jitter") + " must be 0 with backoff type decorrelated (it is"
            + " random already), was " + jitter);
      }
      steps.add(r -> r.jitter(jitter));
    }
    if (maxDelay != null) {
      if (!maxDelay.isNegative() && maxDelay.compareTo(initial) < 0) {
        throw new IllegalArgumentException(f.path("maxDelay") + " must be >= backoff.initial ("
            + Durations.format(initial) + "), was " + Durations.format(maxDelay));
      }
      steps.add(r -> r.maxDelay(maxDelay));
    }
    JsonFields budget = f.object("budget");
    if (budget != null) {
      budget.allowOnly(BUDGET_KEYS);
      Double ratio = required(budget, "ratio", budget.number("ratio"));
      Integer minPerSecond = budget.integer("minPerSecond");
      Duration window = budget.duration("window");
      int min = minPerSecond == null ? 0 : minPerSecond;
      if (ratio == 0 && min == 0) {
        throw new IllegalArgumentException(budget.path()
            + " must allow some retries: ratio and minPerSecond were both 0");
      }
      steps.add(r -> r.budget(ratio, min, window != null ? window : RetrySpec.DEFAULT_BUDGET_WINDOW));
    }
    if (retryOnRejection != null) {
      steps.add(r -> r.retryOnRejection(retryOnRejection));
    }
    steps.add(r -> r.delayHint(RetryAfter.hint()));
    List<Consumer<RetrySpec>> all = List.copyOf(steps);
    return r -> all.forEach(step -> step.accept(r));
  }

  // ---------------------------------------------------------------------------------------------- breaker

  /** Reads a {@code circuitBreaker} object. */
  public static Consumer<CircuitBreakerSpec> circuitBreaker(JsonFields f) {
    f.allowOnly(BREAKER_KEYS);
    List<Consumer<CircuitBreakerSpec>> steps = new ArrayList<>();
    Double failureRate = f.number("failureRate");
    if (failureRate != null) {
      steps.add(cb -> cb.failureRate(failureRate));
    }
    Double slowCallRate = f.number("slowCallRate");
    if (slowCallRate != null) {
      steps.add(cb -> cb.slowCallRate(slowCallRate));
    }
    Duration slowCallDuration = f.duration("slowCallDuration");
    if (slowCallDuration != null) {
      steps.add(cb -> cb.slowCallDuration(slowCallDuration));
    }
    Integer minimumCalls = f.integer("minimumCalls");
    if (minimumCalls != null) {
      steps.add(cb -> cb.minimumCalls(minimumCalls));
    }
    Duration window = f.duration("window");
    Integer buckets = f.integer("buckets");
    Integer countWindow = f.integer("countWindow");
    Duration halfLife = f.duration("halfLife");
    List<String> kinds = new ArrayList<>();
    if (window != null) {
      kinds.add("window");
    }
    if (countWindow != null) {
      kinds.add("countWindow");
    }
    if (halfLife != null) {
      kinds.add("halfLife");
    }
    if (kinds.size() > 1) {
      throw new IllegalArgumentException(f.path(kinds.get(1)) + " must not be combined with " + kinds.get(0)
          + ": a breaker has one kind of window");
    }
    if (buckets != null && (countWindow != null || halfLife != null)) {
      throw new IllegalArgumentException(f.path("buckets") + " applies to a time window only, not to "
          + kinds.get(0));
    }
    if (window != null || buckets != null) {
      Duration w = window != null ? window : CircuitBreakerSpec.DEFAULT_WINDOW;
      int b = buckets != null ? buckets : CircuitBreakerSpec.DEFAULT_BUCKETS;
      steps.add(cb -> cb.window(w, b));
    } else if (countWindow != null) {
      steps.add(cb -> cb.countWindow(countWindow));
    } else if (halfLife != null) {
      steps.add(cb -> cb.decayingWindow(halfLife));
    }
    Duration openFor = f.duration("openFor");
    if (openFor != null) {
      steps.add(cb -> cb.openFor(openFor));
    }
    Double multiplier = f.number("openForMultiplier");
    Duration openForMax = f.duration("openForMax");
    if (multiplier != null || openForMax != null) {
      if (multiplier == null) {
        throw new IllegalArgumentException(f.path("openForMultiplier") + " is required with openForMax");
      }
      if (openForMax == null) {
        throw new IllegalArgumentException(f.path("openForMax") + " is required with openForMultiplier");
      }
      steps.add(cb -> cb.openForBackoff(multiplier, openForMax));
    }
    Integer halfOpenCalls = f.integer("halfOpenCalls");
    if (halfOpenCalls != null) {
      steps.add(cb -> cb.halfOpenCalls(halfOpenCalls));
    }
    Duration probeTimeout = f.duration("probeTimeout");
    if (probeTimeout != null) {
      steps.add(cb -> cb.probeTimeout(probeTimeout));
    }
    List<Consumer<CircuitBreakerSpec>> all = List.copyOf(steps);
    return cb -> all.forEach(step -> step.accept(cb));
  }

  // ---------------------------------------------------------------------------------------------- bulkhead

  /** Reads a {@code bulkhead} object. */
  public static Consumer<BulkheadSpec> bulkhead(JsonFields f) {
    f.allowOnly(BULKHEAD_KEYS);
    Integer maxConcurrentCalls = f.integer("maxConcurrentCalls");
    Integer maxQueued = f.integer("maxQueued");
    Duration maxWait = f.duration("maxWait");
    return b -> {
      if (maxConcurrentCalls != null) {
        b.maxConcurrentCalls(maxConcurrentCalls);
      }
      if (maxQueued != null) {
        b.maxQueued(maxQueued);
      }
      if (maxWait != null) {
        b.maxWait(maxWait);
      }
    };
  }

  // ---------------------------------------------------------------------------------------------- rate limiter

  /** Reads a {@code rateLimiter} object. */
  public static Consumer<RateLimiterSpec> rateLimiter(JsonFields f) {
    f.allowOnly(LIMITER_KEYS);
    Integer permits = required(f, "permits", f.integer("permits"));
    Duration per = required(f, "per", f.duration("per"));
    Integer burst = f.integer("burst");
    Duration maxWait = f.duration("maxWait");
    return l -> {
      l.rate(permits, per);
      if (burst != null) {
        l.burst(burst);
      }
      if (maxWait != null) {
        l.maxWait(maxWait);
      }
    };
  }

  // ---------------------------------------------------------------------------------------------- helpers

  private static <V> V required(JsonFields f, String key, V value) {
    if (value == null) {
      throw new IllegalArgumentException(f.path(key) + " is required");
    }
    return value;
  }

  private static void notWith(JsonFields backoff, String key, String type) {
    if (backoff.has(key)) {
      throw new IllegalArgumentException(backoff.path(key) + " does not apply to backoff type " + type);
    }
  }
}
