/**
 * Tracing and metrics for guards. OpenTelemetry ({@code FuseboxTracing}, {@code FuseboxMetrics},
 * {@code FuseboxTelemetry}) on the OpenTelemetry API only: the application chooses the SDK and its exporters.
 * Micrometer ({@code FuseboxMicrometer}) for applications that record in a {@code MeterRegistry}, such as the one
 * vertx-micrometer-metrics fills: the same Prometheus series, names, labels and buckets as the OpenTelemetry path.
 * Micrometer is an optional dependency; only {@code FuseboxMicrometer} needs it. Span, attribute and instrument
 * names are in {@code FuseboxAttributes}.
 */
package dev.fusebox.vertx.telemetry;
