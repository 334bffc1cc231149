/**
 * OpenTelemetry tracing and metrics for guards, on the OpenTelemetry API only: the application chooses the SDK
 * and its exporters. Span, attribute and instrument names are in {@code FuseboxAttributes}.
 */
package dev.fusebox.vertx.telemetry;
