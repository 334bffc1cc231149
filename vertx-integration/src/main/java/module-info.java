/**
 * Fusebox for Vert.x applications: guarded {@code WebClient}s, guarded route handlers with problem+json answers,
 * OpenTelemetry tracing and metrics, health checks. Only API packages are exported.
 *
 * <p>On the module path, add {@code --add-exports io.vertx.web.client/io.vertx.ext.web.client.impl=dev.fusebox.vertx}:
 * Vert.x's {@code WebClient.addInterceptor} takes a type of that non-exported package, and the guarded client's
 * interceptor (which resets the HTTP request of an abandoned attempt) must name it. On the class path nothing is
 * needed.
 *
 * <p>{@code io.vertx.config} is optional ({@code requires static}): only {@code dev.fusebox.vertx.config} uses it,
 * and an application that reloads guards from a {@code ConfigRetriever} has it. So is Caffeine
 * ({@code com.github.benmanes.caffeine}): only {@code dev.fusebox.vertx.cache} uses it. So is {@code micrometer.core}:
 * only {@code dev.fusebox.vertx.telemetry.FuseboxMicrometer} (and its internal meters) use it, and an application
 * that records in a Micrometer registry has it.
 */
module dev.fusebox.vertx {
  requires transitive dev.fusebox.toolkit;
  requires transitive io.vertx.web;
  requires transitive io.vertx.web.client;
  requires transitive io.vertx.healthcheck;
  requires transitive io.opentelemetry.api;
  requires io.opentelemetry.context;
  requires io.netty.codec.http;
  requires io.vertx.uritemplate;
  requires static io.vertx.config;
  requires static com.github.benmanes.caffeine;
  requires static micrometer.core;

  exports dev.fusebox.vertx;
  exports dev.fusebox.vertx.cache;
  exports dev.fusebox.vertx.client;
  exports dev.fusebox.vertx.config;
  exports dev.fusebox.vertx.fleet;
  exports dev.fusebox.vertx.health;
  exports dev.fusebox.vertx.telemetry;
  exports dev.fusebox.vertx.web;
}
