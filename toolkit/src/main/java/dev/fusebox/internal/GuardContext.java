package dev.fusebox.internal;

import dev.fusebox.spi.Clock;
import io.vertx.core.Vertx;

/**
 * What a policy needs to know about the guard it is built into.
 *
 * @param vertx the Vert.x instance whose timers the guard uses
 * @param name the guard's name, used in messages and telemetry
 * @param clock the guard's clock
 */
public record GuardContext(Vertx vertx, String name, Clock clock) {
}
