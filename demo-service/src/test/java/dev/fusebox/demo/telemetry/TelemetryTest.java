package dev.fusebox.demo.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** With no OTLP endpoint, nothing is exported and the log says so once; explicit choices are left alone. */
class TelemetryTest {

  private final List<String> logged = new ArrayList<>();
  private final Logger logger = Logger.getLogger(Telemetry.class.getName());
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      logged.add(new java.util.logging.SimpleFormatter().formatMessage(record));
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void listen() {
    logger.addHandler(capture);
  }

  @AfterEach
  void stopListening() {
    logger.removeHandler(capture);
  }

  private static Map<String, String> overrides(Map<String, String> properties) {
    return Telemetry.exportNothingWithoutEndpoint(DefaultConfigProperties.createFromMap(properties));
  }

  @Test
  void withoutAnEndpointNothingIsExportedAndTheLogSaysSoOnce() {
    Map<String, String> overrides = overrides(Map.of());

    assertThat(overrides).containsEntry("otel.traces.exporter", "none")
        .containsEntry("otel.metrics.exporter", "none")
        .containsEntry("otel.logs.exporter", "none");
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).contains("no OTLP endpoint set (OTEL_EXPORTER_OTLP_ENDPOINT)")
        .contains("metrics and traces are not exported");
  }

  @Test
  void anEndpointLeavesTracesAndMetricsToAutoconfigure() {
    Map<String, String> overrides = overrides(Map.of("otel.exporter.otlp.endpoint", "http://collector:4318"));

    assertThat(overrides).doesNotContainKeys("otel.traces.exporter", "otel.metrics.exporter");
    assertThat(logged).isEmpty();
  }

  @Test
  void explicitExportersAndPerSignalEndpointsAreRespected() {
    Map<String, String> overrides = overrides(Map.of(
        "otel.traces.exporter", "console",
        "otel.exporter.otlp.metrics.endpoint", "http://collector:4318/v1/metrics"));

    assertThat(overrides).doesNotContainKeys("otel.traces.exporter", "otel.metrics.exporter")
        .containsEntry("otel.logs.exporter", "none");
    assertThat(logged).isEmpty();
  }

  @Test
  void onlyTheSignalsWithoutEndpointAreSwitchedOff() {
    Map<String, String> overrides = overrides(Map.of(
        "otel.exporter.otlp.traces.endpoint", "http://collector:4318/v1/traces"));

    assertThat(overrides).doesNotContainKey("otel.traces.exporter").containsEntry("otel.metrics.exporter", "none");
    assertThat(logged).singleElement().asString().contains("metrics are not exported");
  }
}
