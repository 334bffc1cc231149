package dev.fusebox.internal;

import dev.fusebox.spi.Clock;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Vertx;
import java.util.random.RandomGenerator;

/**
 * The {@link PolicyContext} a guard hands each of its policies when it is built.
 *
 * @param guardName the guard's name
 * @param vertx the guard's Vert.x instance
 * @param clock the guard's clock
 * @param telemetry the guard's event emitter
 * @param random the guard's random source
 */
record GuardContext(String guardName, Vertx vertx, Clock clock, Telemetry telemetry, RandomGenerator random)
    implements PolicyContext {
}
