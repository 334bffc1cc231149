package dev.fusebox.retry.internal;

import dev.fusebox.retry.Retry;
import dev.fusebox.retry.RetryEvent;
import dev.fusebox.retry.RetrySpec;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyReader;
import java.time.Duration;
import java.util.Set;

/**
 * Reads {@code "retry": {...}}: {@code maxAttempts}; {@code backoff} with {@code type} {@code fixed} (waits
 * {@code initial}), {@code exponential} (the default; {@code initial}, {@code max}, {@code multiplier}) or
 * {@code decorrelated} ({@code initial} as the base, {@code max}); {@code jitter} in [0, 1]; {@code maxDelay}, the
 * longest wait; {@code budget} with {@code ratio}, {@code minPerSecond} and optionally {@code window};
 * {@code retryOnRejection}. A retry honours {@code Retry-After} hints of the failures it sees. Stateless.
 */
public final class RetryReader implements PolicyReader {

  private static final Set<String> KEYS =
      Set.of("maxAttempts", "backoff", "jitter", "maxDelay", "budget", "retryOnRejection");
  private static final Set<String> BACKOFF_KEYS = Set.of("type", "initial", "max", "multiplier");
  private static final Set<String> BUDGET_KEYS = Set.of("ratio", "minPerSecond", "window");

  @Override
  public String key() {
    return RetryEvent.KIND;
  }

  @Override
  public int rank() {
    return 100;
  }

  @Override
  public Policy read(ConfigNode guard) {
    ConfigNode f = guard.object(key());
    f.allowOnly(KEYS);
    Integer maxAttempts = f.integer("maxAttempts");
    Double jitter = f.number("jitter");
    Duration maxDelay = f.duration("maxDelay");
    Boolean retryOnRejection = f.bool("retryOnRejection");
    RetrySpec spec = Retry.builder("config");
    f.check(() -> {
      if (maxAttempts != null) {
        spec.maxAttempts(maxAttempts);
      }
    });
    ConfigNode backoff = f.object("backoff");
    String type = "exponential";
    if (backoff != null) {
      backoff.allowOnly(BACKOFF_KEYS);
      String given = backoff.string("type");
      type = given == null ? "exponential" : given;
      Duration initial = backoff.duration("initial");
      Duration first = initial != null ? initial : RetrySpec.DEFAULT_INITIAL_DELAY;
      Duration max = backoff.duration("max");
      Duration upTo = max != null ? max : RetrySpec.DEFAULT_MAX_DELAY;
      Double multiplier = backoff.number("multiplier");
      switch (type) {
        case "fixed" -> {
          notWith(backoff, "max", type);
          notWith(backoff, "multiplier", type);
          f.check(() -> spec.fixedBackoff(first));
        }
        case "exponential" -> f.check(() -> spec.exponentialBackoff(first, upTo,
            multiplier != null ? multiplier : RetrySpec.DEFAULT_MULTIPLIER));
        case "decorrelated" -> {
          notWith(backoff, "multiplier", type);
          f.check(() -> spec.decorrelatedJitterBackoff(first, upTo));
        }
        default -> throw backoff.invalid("type", "must be one of fixed, exponential, decorrelated", type);
      }
    }
    ConfigNode budget = f.object("budget");
    if (budget != null) {
      budget.allowOnly(BUDGET_KEYS);
      Double ratio = budget.required("ratio", budget.number("ratio"));
      Integer minPerSecond = budget.integer("minPerSecond");
      Duration window = budget.duration("window");
      f.check(() -> spec.budget(ratio, minPerSecond == null ? 0 : minPerSecond,
          window != null ? window : RetrySpec.DEFAULT_BUDGET_WINDOW));
    }
    Policy[] policy = new Policy[1];
    f.check(() -> {
      if (jitter != null) {
        spec.jitter(jitter);
      }
      if (maxDelay != null) {
        spec.maxDelay(maxDelay);
      }
      if (retryOnRejection != null) {
        spec.retryOnRejection(retryOnRejection);
      }
      policy[0] = spec.toPolicy();
    });
    return policy[0];
  }

  private static void notWith(ConfigNode backoff, String key, String type) {
    if (backoff.has(key)) {
      throw backoff.invalid(key, "does not apply to backoff type " + type, backoff.json().getValue(key));
    }
  }
}
