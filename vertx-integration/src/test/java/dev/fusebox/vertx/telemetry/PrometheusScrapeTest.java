package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.opentelemetry.exporter.prometheus.PrometheusHttpServer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives a breaker open, scrapes the real OpenTelemetry Prometheus exporter over HTTP and checks the series the
 * alerts rely on — then lets {@code promtool} lint the scrape and evaluate the two alert expressions, verbatim,
 * against series named and labelled exactly as scraped.
 */
@ExtendWith(VertxExtension.class)
class PrometheusScrapeTest {

  /** The alert expressions of SPEC §5, as the Helm chart's PrometheusRule carries them. */
  static final String OPEN_ALERT = "circuit_breaker_state{state=\"open\"} == 1";
  static final String FAILURE_RATE_ALERT =
      "rate(circuit_breaker_failures_total[5m]) / rate(circuit_breaker_requests_total[5m]) > 0.5";

  private PrometheusHttpServer prometheus;
  private OpenTelemetrySdk sdk;
  private Vertx vertx;
  private Context context;
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    prometheus = PrometheusHttpServer.builder().setHost("127.0.0.1").setPort(0).build();
    sdk = OpenTelemetrySdk.builder()
        .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(prometheus).build())
        .build();
  }

  @AfterEach
  void tearDown() {
    sdk.shutdown().join(10, TimeUnit.SECONDS);
  }

  /** The exporter's bound port: it listens on port 0 and only exposes the address package-privately. */
  private int prometheusPort() throws ReflectiveOperationException {
    Method address = PrometheusHttpServer.class.getDeclaredMethod("getAddress");
    address.setAccessible(true);
    return ((InetSocketAddress) address.invoke(prometheus)).getPort();
  }

  private String scrape() throws ReflectiveOperationException {
    WebClient client = WebClient.create(vertx);
    try {
      return result(client.get(prometheusPort(), "127.0.0.1", "/metrics").send()).bodyAsString();
    } finally {
      client.close();
    }
  }

  /** Drives breaker "payments" open and feeds every call counter at least once. */
  private void driveTraffic(FuseboxMetrics metrics, CircuitBreakerRegistry registry) {
    Guard<String> payments = Guard.of(vertx, "payments", g -> g.clock(clock).observer(metrics)
        .retry(r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO))
        .circuitBreaker(cb -> cb.minimumCalls(4).countWindow(4).failureRate(0.5)));
    Guard<String> slow = Guard.of(vertx, "slow", g -> g.clock(clock).observer(metrics)
        .bulkhead(b -> b.maxConcurrentCalls(1))
        .timeout(Duration.ofSeconds(1)));
    registry.register(payments);
    // four failed attempts (two calls, each retried once) open the breaker; a fifth call is rejected
    for (int i = 0; i < 2; i++) {
      failure(call(context, () -> payments.execute(() -> Future.failedFuture(new IllegalStateException("503")))));
    }
    failure(call(context, () -> payments.execute(() -> Future.succeededFuture("never runs"))));
    // one call times out while holding the bulkhead; a second one, rejected by the bulkhead, falls back
    Promise<String> never = Promise.promise();
    Future<String> hung = call(context, () -> slow.execute(never::future));
    assertThat(result(call(context, () -> slow.execute(never::future, failure -> Future.succeededFuture("fb")))))
        .isEqualTo("fb");
    on(context, () -> clock.advance(Duration.ofSeconds(1)));
    failure(hung);
  }

  @Test
  void an_open_breaker_and_its_counters_are_scraped_under_the_names_the_alerts_use() throws Exception {
    // given
    FuseboxMetrics metrics = FuseboxMetrics.create(sdk);
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    metrics.bind(registry);
    driveTraffic(metrics, registry);
    // when
    String scrape = scrape();
    // then
    assertThat(value(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"open\"")).isEqualTo(1.0);
    for (String other : List.of("closed", "half_open", "forced_open", "disabled")) {
      assertThat(value(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"" + other + "\""))
          .as(other).isEqualTo(0.0);
    }
    assertThat(value(scrape, "circuit_breaker_requests_total", "name=\"payments\"")).isEqualTo(4.0);
    assertThat(value(scrape, "circuit_breaker_failures_total", "name=\"payments\"")).isEqualTo(4.0);
    assertThat(value(scrape, "circuit_breaker_rejections_total", "name=\"payments\"", "state=\"open\""))
        .isEqualTo(1.0);
    assertThat(value(scrape, "circuit_breaker_transitions_total", "name=\"payments\"", "from=\"closed\"",
        "to=\"open\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_retries_total", "fusebox_guard=\"payments\"")).isEqualTo(2.0);
    assertThat(value(scrape, "fusebox_timeouts_total", "fusebox_guard=\"slow\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_fallbacks_total", "fusebox_guard=\"slow\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_rejections_total", "fusebox_guard=\"slow\"", "policy=\"slow\"",
        "kind=\"bulkhead\""))
        .isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"payments\"",
        "fusebox_outcome=\"rejected\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"payments\"",
        "fusebox_outcome=\"failure\"")).isEqualTo(2.0);
    assertThat(scrape).contains("fusebox_call_duration_seconds_bucket{");
    // no unit or ratio suffix crept into the breaker counters
    assertThat(scrape).doesNotContainPattern("circuit_breaker_(requests|failures)_[a-z]+_total");
  }

  @Test
  void promtool_accepts_the_scrape_and_the_alert_expressions_fire_on_the_scraped_series(@TempDir Path dir)
      throws Exception {
    String promtool = promtool();
    FuseboxMetrics metrics = FuseboxMetrics.create(sdk);
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    metrics.bind(registry);
    driveTraffic(metrics, registry);
    String scrape = scrape();

    // promtool check metrics: the exposition is valid, and Fusebox's own series are lint-clean. The exporter's
    // target_info (resource attributes) comes without HELP text, which promtool flags; nothing else may be flagged.
    Result check = run(dir, scrape, promtool, "check", "metrics");
    assertThat(check.output().lines().filter(line -> !line.isBlank()))
        .as("promtool check metrics:\n%s\nscrape:\n%s", check.output(), scrape)
        .allMatch(line -> line.equals("target_info no help text"));
    String withoutTargetInfo = scrape.lines().filter(line -> !line.contains("target_info"))
        .collect(java.util.stream.Collectors.joining("\n", "", "\n"));
    Result strict = run(dir, withoutTargetInfo, promtool, "check", "metrics");
    assertThat(strict.exitCode()).as("promtool check metrics:\n%s\nscrape:\n%s", strict.output(),
        withoutTargetInfo).isZero();
    assertThat(strict.output()).isBlank();

    // promtool test rules: the alerts, verbatim, fire on series named and labelled as scraped
    String openSeries = series(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"open\"");
    String requests = series(scrape, "circuit_breaker_requests_total", "name=\"payments\"");
    String failures = series(scrape, "circuit_breaker_failures_total", "name=\"payments\"");
    Files.writeString(dir.resolve("rules.yml"), String.join("\n",
        "groups:",
        "  - name: fusebox",
        "    rules:",
        "      - alert: CircuitBreakerOpen",
        "        expr: '" + OPEN_ALERT + "'",
        "      - alert: CircuitBreakerFailureRateHigh",
        "        expr: '" + FAILURE_RATE_ALERT + "'",
        ""));
    Files.writeString(dir.resolve("test.yml"), String.join("\n",
        "rule_files: [rules.yml]",
        "evaluation_interval: 1m",
        "tests:",
        "  - interval: 1m",
        "    input_series:",
        "      - series: '" + openSeries + "'",
        "        values: '1x10'",
        "      - series: '" + requests + "'",
        "        values: '0+10x10'",
        "      - series: '" + failures + "'",
        "        values: '0+8x10'",
        "    alert_rule_test:",
        "      - eval_time: 10m",
        "        alertname: CircuitBreakerOpen",
        "        exp_alerts:",
        "          - exp_labels: " + labelsYaml(openSeries),
        "      - eval_time: 10m",
        "        alertname: CircuitBreakerFailureRateHigh",
        "        exp_alerts:",
        "          - exp_labels: " + labelsYaml(requests),
        ""));
    Result test = run(dir, "", promtool, "test", "rules", "test.yml");
    assertThat(test.exitCode()).as("promtool test rules:\n%s\n%s", test.output(),
        Files.readString(dir.resolve("test.yml"))).isZero();
  }

  // ------------------------------------------------------------------------------------------ helpers

  private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+).*$");

  /** The single sample of {@code name} whose labels include all of {@code labels}. */
  static double value(String scrape, String name, String... labels) {
    return Double.parseDouble(matching(scrape, name, labels).group(3));
  }

  /** {@code name{labels}} of the single matching sample, as scraped. */
  static String series(String scrape, String name, String... labels) {
    Matcher m = matching(scrape, name, labels);
    return m.group(1) + (m.group(2) == null ? "" : m.group(2));
  }

  private static Matcher matching(String scrape, String name, String... labels) {
    Matcher found = null;
    for (String line : scrape.split("\n")) {
      Matcher m = SAMPLE.matcher(line);
      if (line.startsWith("#") || !m.matches() || !m.group(1).equals(name)) {
        continue;
      }
      String labelText = m.group(2) == null ? "" : m.group(2);
      boolean all = true;
      for (String label : labels) {
        all &= labelText.contains(label);
      }
      if (all) {
        assertThat(found).as("more than one %s sample with %s", name, List.of(labels)).isNull();
        found = m;
      }
    }
    assertThat(found).as("no %s sample with %s in:\n%s", name, List.of(labels), scrape).isNotNull();
    return found;
  }

  /** The labels of a scraped series as a YAML flow map: the labels each alert is expected to carry. */
  static String labelsYaml(String series) {
    String inner = series.substring(series.indexOf('{') + 1, series.length() - 1);
    StringBuilder yaml = new StringBuilder("{");
    for (String pair : inner.split(",(?=[a-zA-Z_]+=\")")) {
      int eq = pair.indexOf('=');
      if (yaml.length() > 1) {
        yaml.append(", ");
      }
      yaml.append(pair, 0, eq).append(": ").append(pair.substring(eq + 1));
    }
    return yaml.append('}').toString();
  }

  record Result(int exitCode, String output) {
  }

  static Result run(Path dir, String stdin, String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  /** promtool on PATH; CI installs Debian's prometheus package, so its absence is a failure, not a skip. */
  static String promtool() {
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(File.pathSeparator)) {
      File candidate = new File(dir, "promtool");
      if (candidate.canExecute()) {
        return candidate.getAbsolutePath();
      }
    }
    throw new AssertionError("promtool is not on PATH: install it with `apt-get install -y prometheus` "
        + "(CI does so in .ci/run); this test does not skip silently");
  }
}
