/**
 * Fusebox on Vert.x: the registry of the breakers an application's guards hold, which health checks, metrics and
 * dashboards read. The subpackages guard {@code WebClient}s and routes, trace and measure with OpenTelemetry, report
 * health and read guards from JSON.
 */
package dev.fusebox.vertx;
