package dev.fusebox.spi;

/**
 * Reads one policy from a guard's JSON configuration, under its own key: {@code "circuitBreaker": {...}},
 * {@code "timeout": "800ms"}. Every built-in policy has one, and a user's policy registers its own — through
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.fusebox.spi.PolicyReader}, or {@code provides} in a
 * module) or by passing it to {@code GuardConfig.parse} — so it is configured from JSON exactly like the built-ins.
 *
 * <p>{@link #read} validates everything at once, naming the JSON path of what is wrong (run the policy's setters
 * inside {@link ConfigNode#check}), and returns an immutable policy that gives each guard built with it its own
 * instance, named after the guard.
 *
 * <p>Implementations must be stateless and thread-safe, with a public no-argument constructor for the service
 * loader.
 */
public interface PolicyReader {

  /** The JSON key of the policy, also its name in the configuration's {@code order}. */
  String key();

  /**
   * Where the policy goes when the configuration gives no {@code order}: policies are listed by increasing rank,
   * outermost first. The built-ins: retry 100, rateLimiter 200, bulkhead 300, circuitBreaker 400, timeout 500.
   */
  int rank();

  /**
   * Reads the policy from {@code guard}, the guard's whole JSON object, in which {@link #key()} is present (its
   * value may be an object or a plain value, as the policy defines).
   *
   * @throws dev.fusebox.ValidationException naming the JSON path, for the first invalid setting
   */
  Policy read(ConfigNode guard);
}
