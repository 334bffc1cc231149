package dev.fusebox.vertx.client;

import io.vertx.core.http.HttpMethod;

/**
 * The key a {@link GuardedWebClient} gives each {@code GET} and {@code HEAD} it sends
 * ({@link dev.fusebox.spi.Execution#key()}): method, authority and request URI (path and query). A stale-value
 * policy in the client's template therefore remembers and coalesces per resource; other methods are sent with no
 * key, so it passes them through (never replays a write).
 *
 * @param method {@code GET} or {@code HEAD}
 * @param authority {@code host:port}
 * @param uri the request URI, path and query
 */
public record RequestKey(HttpMethod method, String authority, String uri) {
}
