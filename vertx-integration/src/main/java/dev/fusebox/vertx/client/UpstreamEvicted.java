package dev.fusebox.vertx.client;

import java.time.Duration;

/**
 * A {@link GuardedWebClient} forgot the guard of an upstream that had no call for {@code idleFor}: its breaker left
 * the registry (and with it its state series and health entry); the next request to that upstream gets a fresh,
 * CLOSED guard.
 *
 * @param client the client's name
 * @param authority the upstream, {@code host:port}
 * @param idleFor how long it had been without a call
 */
public record UpstreamEvicted(String client, String authority, Duration idleFor) {
}
