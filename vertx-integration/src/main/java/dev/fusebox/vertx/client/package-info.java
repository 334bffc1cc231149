/**
 * Guarded {@code WebClient}s: one guard and breaker per upstream authority ({@code host:port}); 5xx, 429 and
 * connection errors are failures; {@code Retry-After} honoured; timed-out requests reset.
 */
package dev.fusebox.vertx.client;
