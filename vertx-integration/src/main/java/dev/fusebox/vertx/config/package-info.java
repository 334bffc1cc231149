/**
 * Hot reload of guards from a vertx-config {@code ConfigRetriever} (a file, a YAML file, a Kubernetes ConfigMap
 * mounted as a file): {@link dev.fusebox.vertx.config.GuardReloader}. Needs {@code io.vertx:vertx-config} on the
 * application's class or module path; nothing else in {@code fusebox-vertx} does.
 */
package dev.fusebox.vertx.config;
