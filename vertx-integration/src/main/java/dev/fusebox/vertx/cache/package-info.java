/**
 * Caches for the toolkit's stale-value policy backed by libraries applications already run: {@link
 * dev.fusebox.vertx.cache.CaffeineStaleCache}. Caffeine is an optional dependency of {@code fusebox-vertx}: add it
 * to use this package.
 */
package dev.fusebox.vertx.cache;
