package dev.fusebox.demo;

import static dev.fusebox.demo.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.demo.testing.RepoPaths;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.testing.TestUpstream.Mode;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus (Debian's {@code /usr/bin/prometheus}) scrapes the running demo every second with the chart's
 * alert rules loaded ({@code for:} shortened to 2 s in the test's copy): {@code CircuitBreakerOpen} goes pending,
 * then firing, when the upstream fails, and resolves once it recovers; and every query of the chart's Grafana
 * dashboard returns series. Bounded: about 30 s.
 */
class PrometheusScrapeTest {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path RULES = RepoPaths.chart().resolve("files/alerts.yaml");
  private static final Path DASHBOARD = RepoPaths.chart().resolve("files/grafana-dashboard.json");
  private static final String ALERT = "CircuitBreakerOpen";

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ManualClock clock = new ManualClock();

  @TempDir
  Path work;

  @Test
  void breakerOpenAlertFiresAndResolvesAndEveryDashboardQueryHasSeries() throws Exception {
    assertThat(Files.isExecutable(PROMETHEUS))
        .as("this test needs Debian's Prometheus server: apt-get install -y prometheus").isTrue();
    try (TestUpstream upstream = TestUpstream.start();
        RunningDemo demo = RunningDemo.against(upstream, UserLookupEndToEndTest.GUARD, clock)) {
      int port = freePort();
      Process prometheus = startPrometheus(demo.service().metricsPort(), port);
      try {
        String api = "http://127.0.0.1:" + port;
        await(() -> get(api + "/-/ready") == 200, "Prometheus to be ready");

        // given a healthy upstream that filled the cache, and one lookup that timed out
        for (int id = 1; id <= 10; id++) {
          assertThat(demo.get("/users/" + id).statusCode()).isEqualTo(200);
        }
        upstream.mode(Mode.HOLDING);
        assertThat(demo.getAdvancing("/users/1", clock).headers().firstValue("X-Served-From")).hasValue("cache");
        await(() -> !query(api, "circuit_breaker_state{state=\"closed\"} == 1").isEmpty(),
            "Prometheus to scrape the closed breaker");

        // when the upstream fails until the breaker opens, and callers keep coming (rejected, served from cache)
        upstream.mode(Mode.FAILING);
        for (int id = 2; demo.service().breakers().get(0).state() != CircuitState.OPEN; id++) {
          assertThat(id).as("lookups before the breaker opened").isLessThan(30);
          assertThat(demo.get("/users/" + id).statusCode()).isEqualTo(200);
        }
        for (int id = 1; id <= 5; id++) {
          assertThat(demo.get("/users/" + id).headers().firstValue("X-Served-From")).hasValue("cache");
        }

        // then the alert goes pending, then firing
        Set<String> seen = new LinkedHashSet<>();
        awaitAlert(api, seen, "firing");
        assertThat(seen).as("alert states seen, in order").containsSubsequence("pending", "firing");

        // and every dashboard query returns series
        Map<String, Integer> series = new LinkedHashMap<>();
        for (String expr : dashboardQueries()) {
          String concrete = expr.replace("$__rate_interval", "30s").replace("$breaker", ".*");
          series.put(expr, query(api, concrete).size());
        }
        assertThat(series).as("series per dashboard query").isNotEmpty().allSatisfy((expr, count) ->
            assertThat(count).as(expr).isPositive());

        // when the upstream recovers and the open period has passed, a probe closes the breaker
        upstream.mode(Mode.HEALTHY);
        clock.advance(Duration.ofSeconds(31));
        assertThat(demo.get("/users/2").headers().firstValue("X-Served-From")).hasValue("upstream");
        assertThat(demo.service().breakers().get(0).state()).isEqualTo(CircuitState.CLOSED);

        // then the alert resolves
        await(() -> alertStates(api).isEmpty(), "the alert to resolve");
      } finally {
        prometheus.destroy();
        if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
          prometheus.destroyForcibly();
        }
      }
    }
  }

  private Process startPrometheus(int metricsPort, int port) throws IOException {
    String rules = Files.readString(RULES).replaceAll("(?m)^(\\s+)for: \\S+$", "$1for: 2s");
    assertThat(rules).contains("for: 2s").doesNotContain("for: 1m");
    Files.writeString(work.resolve("alerts.yaml"), rules);
    Files.writeString(work.resolve("prometheus.yml"), """
        global:
          scrape_interval: 1s
          evaluation_interval: 1s
        rule_files:
          - alerts.yaml
        scrape_configs:
          - job_name: fusebox-demo
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(metricsPort));
    Files.createDirectories(work.resolve("data"));
    return new ProcessBuilder(PROMETHEUS.toString(),
        "--config.file=" + work.resolve("prometheus.yml"),
        "--storage.tsdb.path=" + work.resolve("data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn")
        .redirectErrorStream(true)
        .redirectOutput(work.resolve("prometheus.log").toFile())
        .start();
  }

  private void awaitAlert(String api, Set<String> seen, String wanted) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!seen.contains(wanted)) {
      seen.addAll(alertStates(api));
      if (System.nanoTime() > deadline) {
        throw new AssertionError("alert " + ALERT + " never became " + wanted + "; states seen: " + seen
            + "; Prometheus log: " + Files.readString(work.resolve("prometheus.log")));
      }
      Thread.sleep(100);
    }
  }

  /** The states of the active {@value #ALERT} alerts. */
  private List<String> alertStates(String api) {
    JsonObject body = new JsonObject(fetch(api + "/api/v1/alerts"));
    List<String> states = new ArrayList<>();
    for (Object a : body.getJsonObject("data").getJsonArray("alerts")) {
      JsonObject alert = (JsonObject) a;
      if (ALERT.equals(alert.getJsonObject("labels").getString("alertname"))) {
        states.add(alert.getString("state"));
      }
    }
    return states;
  }

  private JsonArray query(String api, String expr) {
    JsonObject body = new JsonObject(fetch(api + "/api/v1/query?query="
        + URLEncoder.encode(expr, StandardCharsets.UTF_8)));
    assertThat(body.getString("status")).as("query " + expr + ": " + body.encode()).isEqualTo("success");
    return body.getJsonObject("data").getJsonArray("result");
  }

  private static List<String> dashboardQueries() throws IOException {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    List<String> exprs = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      for (Object t : ((JsonObject) p).getJsonArray("targets")) {
        exprs.add(((JsonObject) t).getString("expr"));
      }
    }
    assertThat(exprs).hasSizeGreaterThanOrEqualTo(8);
    return exprs;
  }

  private int get(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  private String fetch(String url) {
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(url + ": " + response.body()).isEqualTo(200);
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("GET " + url + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
