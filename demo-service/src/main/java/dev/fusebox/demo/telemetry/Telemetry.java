package dev.fusebox.demo.telemetry;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service's OpenTelemetry SDK, configured by the standard {@code OTEL_*} variables (SDK autoconfigure), plus a
 * Prometheus reader that {@link MetricsServer} serves on {@code /metrics} whatever the OTLP settings.
 *
 * <p>With no OTLP endpoint set ({@code OTEL_EXPORTER_OTLP_ENDPOINT} or a per-signal one) and no exporter chosen
 * explicitly, nothing is exported, and that is said once in the log instead of a connection error every export
 * interval.
 *
 * <p>Thread-safe: immutable after {@link #autoconfigure}.
 */
public final class Telemetry implements AutoCloseable {

  /** The service name reported when {@code OTEL_SERVICE_NAME} is not set. */
  public static final String DEFAULT_SERVICE_NAME = "fusebox-demo";

  private static final System.Logger LOG = System.getLogger(Telemetry.class.getName());
  private static final String[] SIGNALS = {"traces", "metrics", "logs"};

  private final OpenTelemetrySdk sdk;
  private final PrometheusMetricReader prometheus;

  /** Wraps an SDK built elsewhere (tests) whose meter provider has {@code prometheus} registered. */
  public Telemetry(OpenTelemetrySdk sdk, PrometheusMetricReader prometheus) {
    this.sdk = sdk;
    this.prometheus = prometheus;
  }

  /** Builds the SDK from the {@code OTEL_*} environment and {@code otel.*} system properties. */
  public static Telemetry autoconfigure() {
    PrometheusMetricReader prometheus = PrometheusMetricReader.builder().build();
    OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> Map.of("otel.service.name", DEFAULT_SERVICE_NAME))
        .addPropertiesCustomizer(Telemetry::exportNothingWithoutEndpoint)
        .addMeterProviderCustomizer((builder, config) -> builder.registerMetricReader(prometheus))
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk();
    return new Telemetry(sdk, prometheus);
  }

  /**
   * The overrides that switch OTLP export off when no endpoint is configured: {@code otel.<signal>.exporter=none}
   * for every signal whose exporter was not chosen explicitly. Logs once when it switches anything off.
   */
  static Map<String, String> exportNothingWithoutEndpoint(ConfigProperties config) {
    Map<String, String> overrides = new HashMap<>();
    if (hasEndpoint(config, "otel.exporter.otlp.endpoint")) {
      overrides.put("otel.logs.exporter", config.getString("otel.logs.exporter", "none"));
      return overrides;
    }
    for (String signal : SIGNALS) {
      String key = "otel." + signal + ".exporter";
      boolean explicit = config.getString(key) != null;
      boolean ownEndpoint = hasEndpoint(config, "otel.exporter.otlp." + signal + ".endpoint");
      if (!explicit && !ownEndpoint) {
        overrides.put(key, "none");
      }
    }
    if (overrides.containsKey("otel.traces.exporter") || overrides.containsKey("otel.metrics.exporter")) {
      LOG.log(System.Logger.Level.INFO, "OpenTelemetry: no OTLP endpoint set (OTEL_EXPORTER_OTLP_ENDPOINT), so {0}"
          + " are not exported; Prometheus metrics are still served on /metrics",
          String.join(" and ", overrides.keySet().stream()
              .filter(k -> !k.equals("otel.logs.exporter"))
              .map(k -> k.substring("otel.".length(), k.length() - ".exporter".length()))
              .sorted().toList()));
    }
    return overrides;
  }

  private static boolean hasEndpoint(ConfigProperties config, String key) {
    String value = config.getString(key);
    return value != null && !value.isBlank();
  }

  /** The SDK, to install as Vert.x's tracer and to create instruments with. */
  public OpenTelemetrySdk sdk() {
    return sdk;
  }

  /** The SDK as the API type the integration takes. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** The reader {@link MetricsServer} collects from. */
  public PrometheusMetricReader prometheus() {
    return prometheus;
  }

  /** Flushes and shuts the SDK down, waiting at most 5 s. */
  @Override
  public void close() {
    sdk.shutdown().join(5, TimeUnit.SECONDS);
  }
}
