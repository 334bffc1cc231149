package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.RepoPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chart's alert rules ({@code helm/fusebox-demo/files/alerts.yaml}, which the PrometheusRule carries) pass
 * {@code promtool check rules}, and {@code promtool test rules} proves both alerts fire on failing series and stay
 * silent on healthy ones ({@code src/test/resources/prometheus/alerts-test.yaml}).
 */
class AlertRulesTest {

  private static final Path RULES = RepoPaths.chart().resolve("files/alerts.yaml");
  private static final Path TESTS = Path.of("src/test/resources/prometheus/alerts-test.yaml");

  @TempDir
  Path work;

  @Test
  void rulesCarryTheTwoAlertExpressionsVerbatim() throws IOException {
    String rules = Files.readString(RULES);

    assertThat(rules).contains("expr: circuit_breaker_state{state=\"open\"} == 1")
        .contains("expr: rate(circuit_breaker_failures_total[5m]) / rate(circuit_breaker_requests_total[5m]) > 0.5");
  }

  @Test
  void promtoolChecksTheRulesAndTheirUnitTestsPass() throws Exception {
    String promtool = promtool();
    Files.copy(RULES, work.resolve("alerts.yaml"));
    Files.copy(TESTS, work.resolve("alerts-test.yaml"));

    Result check = run(promtool, "check", "rules", "alerts.yaml");
    assertThat(check.exit).as("promtool check rules:%n%s", check.output).isZero();
    assertThat(check.output).contains("SUCCESS: 2 rules found");

    Result test = run(promtool, "test", "rules", "alerts-test.yaml");
    assertThat(test.exit).as("promtool test rules:%n%s", test.output).isZero();
    assertThat(test.output).contains("SUCCESS");
  }

  @Test
  void promtoolTestFailsWhenARuleStopsFiring() throws Exception {
    String promtool = promtool();
    Files.writeString(work.resolve("alerts.yaml"), Files.readString(RULES).replace("> 0.5", "> 0.9"));
    Files.copy(TESTS, work.resolve("alerts-test.yaml"));

    Result test = run(promtool, "test", "rules", "alerts-test.yaml");

    assertThat(test.exit).isNotZero();
    assertThat(test.output).contains("alertname: CircuitBreakerHighFailureRate");
  }

  /** The promtool executable; fails with the install command when it is missing. */
  static String promtool() {
    for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "promtool"))) {
        return Path.of(dir, "promtool").toString();
      }
    }
    throw new AssertionError("promtool is not installed: this test needs Debian's prometheus package"
        + " (apt-get install -y prometheus), which .ci/run installs");
  }

  private Result run(String... command) throws Exception {
    List<String> args = new ArrayList<>(List.of(command));
    Process process = new ProcessBuilder(args).directory(work.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String output) {
  }
}
