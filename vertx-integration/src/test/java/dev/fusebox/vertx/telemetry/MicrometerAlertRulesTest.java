package dev.fusebox.vertx.telemetry;

import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.labelsYaml;
import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.promtool;
import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.run;
import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.series;
import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart's alert rules ({@code helm/fusebox-demo/files/alerts.yaml}, unchanged) evaluated by
 * {@code promtool test rules} on series named, labelled and valued as a real {@link PrometheusMeterRegistry} scrape
 * of {@link FuseboxMicrometer} serves them: an application on Micrometer gets the chart's alerts as they are.
 */
@ExtendWith(VertxExtension.class)
class MicrometerAlertRulesTest {

  static final Path CHART_ALERTS = Path.of("..", "helm", "fusebox-demo", "files", "alerts.yaml");

  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void tearDown() {
    prometheus.close();
  }

  @Test
  void promtool_lints_the_scrape_and_the_charts_alerts_fire_on_its_series(Vertx vertx, @TempDir Path dir)
      throws Exception {
    // given a real scrape after a breaker opened
    String promtool = promtool();
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMicrometer.install(registry, prometheus);
    Workload.run(vertx, new ManualClock(), registry);
    String scrape = prometheus.scrape();

    // promtool check metrics: the exposition is valid and lint-clean
    PrometheusScrapeTest.Result check = run(dir, scrape, promtool, "check", "metrics");
    assertThat(check.exitCode()).as("promtool check metrics:\n%s\nscrape:\n%s", check.output(), scrape).isZero();
    assertThat(check.output()).as("promtool check metrics").isBlank();

    // when the chart's rules run on the scraped series (with the job label Prometheus adds), the breaker open
    // for 5 minutes and its calls still failing at the scraped 100 %
    String open = withJob(series(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"open\""));
    String closed = withJob(series(scrape, "circuit_breaker_state", "name=\"users\"", "state=\"open\""));
    String requests = withJob(series(scrape, "circuit_breaker_requests_total", "name=\"payments\""));
    String failures = withJob(series(scrape, "circuit_breaker_failures_total", "name=\"payments\""));
    long requested = (long) value(scrape, "circuit_breaker_requests_total", "name=\"payments\"");
    long failed = (long) value(scrape, "circuit_breaker_failures_total", "name=\"payments\"");
    assertThat(value(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"open\"")).isEqualTo(1.0);
    Files.copy(CHART_ALERTS, dir.resolve("alerts.yaml"));
    Files.writeString(dir.resolve("test.yml"), String.join("\n",
        "rule_files: [alerts.yaml]",
        "evaluation_interval: 1m",
        "tests:",
        "  - interval: 1m",
        "    input_series:",
        "      - series: '" + open + "'",
        "        values: '1x10'",
        "      - series: '" + closed + "'",
        "        values: '0x10'",
        "      - series: '" + requests + "'",
        "        values: '" + requested + "+" + requested + "x10'",
        "      - series: '" + failures + "'",
        "        values: '" + failed + "+" + failed + "x10'",
        "    alert_rule_test:",
        "      - eval_time: 5m",
        "        alertname: CircuitBreakerOpen",
        "        exp_alerts:",
        "          - exp_labels: " + labelsYaml(open).replace("}", ", severity: warning}"),
        "            exp_annotations:",
        "              summary: 'Circuit breaker payments is open'",
        "              description: 'Circuit breaker payments in fusebox has rejected calls for at least 1 minute:"
            + " its upstream keeps failing. Callers get cached or degraded answers meanwhile.'",
        "      - eval_time: 5m",
        "        alertname: CircuitBreakerHighFailureRate",
        "        exp_alerts:",
        "          - exp_labels: " + labelsYaml(requests).replace("}", ", severity: warning}"),
        "            exp_annotations:",
        "              summary: 'High failure rate through circuit breaker payments'",
        "              description: '100% of the calls through circuit breaker payments failed over the last 5"
            + " minutes.'",
        ""));
    PrometheusScrapeTest.Result test = run(dir, "", promtool, "test", "rules", "test.yml");

    // then both fire, for the open breaker only
    assertThat(test.exitCode()).as("promtool test rules:\n%s\n%s", test.output(),
        Files.readString(dir.resolve("test.yml"))).isZero();
    assertThat(test.output()).contains("SUCCESS");
  }

  /** {@code name{labels}} with {@code job="fusebox"} added, the label a scraping Prometheus attaches. */
  private static String withJob(String series) {
    return series.replace("{", "{job=\"fusebox\",");
  }
}
