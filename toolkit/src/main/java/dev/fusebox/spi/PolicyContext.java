package dev.fusebox.spi;

import io.vertx.core.Vertx;
import java.util.random.RandomGenerator;

/**
 * What a policy is given when a guard is built: the guard's name and Vert.x instance, and the injected services
 * every policy must use instead of static ones — the clock for every time read and timer, the telemetry emitter for
 * every event, the random source for every jitter or sampling decision.
 *
 * <p>Immutable and thread-safe.
 */
public interface PolicyContext {

  /** The name of the guard being built. */
  String guardName();

  /** The guard's Vert.x instance. */
  Vertx vertx();

  /** The guard's clock: the only source of time and timers for its policies. */
  Clock clock();

  /** The emitter that delivers this guard's policy events to its observers and listeners. */
  Telemetry telemetry();

  /** The guard's random source; thread-safe, seedable in tests through {@code GuardSpec.random}. */
  RandomGenerator random();
}
