package dev.fusebox.demo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.demo.testing.TestFiles;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings of SPEC §6: names, defaults, precedence, and errors that name the key. */
class ConfigLoaderTest {

  @Test
  void defaultsAreThoseOfTheSpec() {
    DemoConfig config = ConfigLoader.load(List.of(), Map.of());

    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.metricsPort()).isEqualTo(9090);
    assertThat(config.userApiUrl()).isNull();
    assertThat(config.embeddedUpstream()).isTrue();
    assertThat(config.cacheMaxSize()).isEqualTo(10_000);
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.adminEnabled()).isFalse();
    assertThat(config.guard().getString("timeout")).isEqualTo("800ms");
    assertThat(config.guard().getJsonObject("retry").getInteger("maxAttempts")).isEqualTo(3);
    assertThat(config.guard().getJsonObject("retry").getJsonObject("budget").encode())
        .isEqualTo("{\"ratio\":0.05,\"minPerSecond\":1,\"window\":\"1s\"}");
    assertThat(config.guard().getJsonObject("circuitBreaker").encode())
        .contains("\"failureRate\":0.4", "\"slowCallRate\":0.5", "\"slowCallDuration\":\"400ms\"",
            "\"minimumCalls\":20", "\"window\":\"10s\"", "\"openFor\":\"30s\"", "\"openJitter\":0.2",
            "\"halfOpenCalls\":3");
    assertThat(config.deadline()).isEqualTo(Duration.ofSeconds(1));
    assertThat(config.headerTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
    assertThat(config.maxDashboardSubscribers()).isEqualTo(100);
    assertThat(config.readyDelay()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void latencyBudgetAndServerLimitsComeFromTheFileOrTheEnvironment() {
    String file = TestFiles.json("""
        {"userApi": {"deadline": "750ms"}, "http": {"headerTimeout": "5s", "idleTimeout": "30s"},
         "dashboard": {"maxSubscribers": 7}, "shutdown": {"readyDelay": "0s"}}""");

    DemoConfig fromFile = ConfigLoader.load(List.of("--conf", file), Map.of());
    DemoConfig fromEnv = ConfigLoader.load(List.of("--conf", file), Map.of("USER_API_DEADLINE", "2s",
        "HTTP_HEADER_TIMEOUT", "3s", "HTTP_IDLE_TIMEOUT", "4s", "SHUTDOWN_READY_DELAY", "6s"));

    assertThat(fromFile.deadline()).isEqualTo(Duration.ofMillis(750));
    assertThat(fromFile.headerTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(fromFile.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(fromFile.maxDashboardSubscribers()).isEqualTo(7);
    assertThat(fromFile.readyDelay()).isZero();
    assertThat(fromEnv.deadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(fromEnv.headerTimeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(fromEnv.idleTimeout()).isEqualTo(Duration.ofSeconds(4));
    assertThat(fromEnv.readyDelay()).isEqualTo(Duration.ofSeconds(6));
    assertThat(fromFile.serveStaleAfter()).as("90 %% of the deadline by default").isEqualTo(Duration.ofMillis(675));
    assertThat(fromEnv.serveStaleAfter()).isEqualTo(Duration.ofMillis(1800));
    assertThat(ConfigLoader.load(List.of("--conf", file), Map.of("USER_API_SERVE_STALE_AFTER", "700ms"))
        .serveStaleAfter()).isEqualTo(Duration.ofMillis(700));
  }

  @Test
  void servingStaleNoEarlierThanTheDeadlineStopsStartUp() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("USER_API_SERVE_STALE_AFTER", "1s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("userApi.serveStaleAfter must be shorter than userApi.deadline (1000 ms), was \"1s\" (from"
            + " environment USER_API_SERVE_STALE_AFTER)");
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("USER_API_SERVE_STALE_AFTER", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("userApi.serveStaleAfter must be a positive duration");
  }

  @Test
  void aDeadlineThatIsNotPositiveStopsStartUpNamingTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("USER_API_DEADLINE", "0ms")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("userApi.deadline must be a positive duration, was \"0ms\" (from environment USER_API_DEADLINE)");
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of("SHUTDOWN_READY_DELAY", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("shutdown.readyDelay must be a duration such as");
  }

  @Test
  void environmentNamesOfTheSpecAreRead() {
    DemoConfig config = ConfigLoader.load(List.of(), Map.of(
        "HTTP_PORT", "8181", "METRICS_PORT", "9191", "USER_API_URL", "https://users.example.com/api/",
        "DEMO_ADMIN_ENABLED", "TRUE"));

    assertThat(config.httpPort()).isEqualTo(8181);
    assertThat(config.metricsPort()).isEqualTo(9191);
    assertThat(config.userApiUrl()).isEqualTo(new UpstreamUrl(true, "users.example.com", 443, "/api"));
    assertThat(config.userApiUrl().userPath(42)).isEqualTo("/api/users/42");
    assertThat(config.adminEnabled()).isTrue();
  }

  @Test
  void jsonFileGivenByDemoConfigOrConfSetsTheKeysOfTheSpecAndTheEnvironmentWins() {
    String file = TestFiles.json("""
        {"http": {"port": 7000}, "metrics": {"port": 7001},
         "userApi": {"url": "http://users:8080", "guard": {"timeout": "2s", "circuitBreaker": {"openFor": "1m"}}},
         "cache": {"maxSize": 50, "ttl": "PT30S"}, "admin": {"enabled": true}}""");

    DemoConfig fromEnv = ConfigLoader.load(List.of(), Map.of("DEMO_CONFIG", file, "HTTP_PORT", "7100"));
    DemoConfig fromArg = ConfigLoader.load(List.of("--conf", file), Map.of());

    for (DemoConfig config : List.of(fromEnv, fromArg)) {
      assertThat(config.metricsPort()).isEqualTo(7001);
      assertThat(config.userApiUrl()).isEqualTo(new UpstreamUrl(false, "users", 8080, ""));
      assertThat(config.cacheMaxSize()).isEqualTo(50);
      assertThat(config.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
      assertThat(config.adminEnabled()).isTrue();
      // the file's policies replace the default ones, the others stay
      assertThat(config.guard().getString("timeout")).isEqualTo("2s");
      assertThat(config.guard().getJsonObject("circuitBreaker").encode()).isEqualTo("{\"openFor\":\"1m\"}");
      assertThat(config.guard().getJsonObject("retry").getInteger("maxAttempts")).isEqualTo(3);
    }
    assertThat(fromEnv.httpPort()).isEqualTo(7100);
    assertThat(fromArg.httpPort()).isEqualTo(7000);
  }

  @Test
  void dottedKeysWorkAsWrittenInTheSpecTable() {
    String file = TestFiles.json("{\"http.port\": 7200, \"cache.ttl\": \"5m\", \"admin.enabled\": false}");

    DemoConfig config = ConfigLoader.load(List.of("--conf=" + file), Map.of());

    assertThat(config.httpPort()).isEqualTo(7200);
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void jsonNullRemovesADefaultPolicy() {
    String file = TestFiles.json("{\"userApi\": {\"guard\": {\"retry\": null}}}");

    DemoConfig config = ConfigLoader.load(List.of("--conf", file), Map.of());

    assertThat(config.guard().containsKey("retry")).isFalse();
    assertThat(config.guard().containsKey("circuitBreaker")).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "HTTP_PORT|80a|http.port must be an integer in [0, 65535], was \"80a\" (from environment HTTP_PORT)",
      "METRICS_PORT|70000|metrics.port must be an integer in [0, 65535], was \"70000\" (from environment METRICS_PORT)",
      "USER_API_URL|ftp://x|userApi.url must be an absolute http(s) URL, was \"ftp://x\"",
      "USER_API_URL|http://x/?q=1|userApi.url must have no user info, query or fragment",
      "DEMO_ADMIN_ENABLED|yes|admin.enabled must be true or false, was \"yes\" (from environment DEMO_ADMIN_ENABLED)",
      "SHUTDOWN_TIMEOUT|10 parsecs|shutdown.timeout must be a duration such as \"800ms\"",
  })
  void badEnvironmentValuesNameTheKeyAndTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"cache\": {\"ttl\": \"ten minutes\"}}|cache.ttl must be a duration",
      "{\"cache\": {\"ttl\": \"0s\"}}|cache.ttl must be a positive duration, was \"0s\"",
      "{\"cache\": {\"maxSize\": 0}}|cache.maxSize must be an integer >= 1, was 0",
      "{\"cache\": {\"maxSize\": 1.5}}|cache.maxSize must be an integer >= 1, was 1.5",
      "{\"cache\": {\"maxsize\": 10}}|unknown key cache.maxsize",
      "{\"htp\": {\"port\": 1}}|unknown key htp",
      "{\"http\": 8080}|http must be a JSON object, was 8080",
      "{\"userApi\": {\"guard\": \"fast\"}}|userApi.guard must be a JSON object in the guard format",
      "{\"userApi\": {\"guard\": {\"timeout\": \"soon\"}}}|userApi.guard.timeout",
      "{\"userApi\": {\"guard\": {\"circuitBreaker\": {\"failureRate\": 1.5}}}}|userApi.guard.circuitBreaker.failureRate",
      "{\"userApi\": {\"guard\": {\"retry\": {\"tries\": 3}}}}|userApi.guard.retry.tries",
      "[1, 2]|must hold one JSON object",
      "{\"http\": {\"port\": |must hold one JSON object",
  })
  void badFileValuesNameTheKey(String json, String message) {
    String file = TestFiles.json(json);

    assertThatThrownBy(() -> ConfigLoader.load(List.of("--conf", file), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void clusterIsOffByDefaultAndItsSettingsComeFromTheFileOrTheEnvironment() {
    ClusterConfig defaults = ConfigLoader.load(List.of(), Map.of()).cluster();
    assertThat(defaults).isEqualTo(ClusterConfig.disabled());
    assertThat(defaults.enabled()).isFalse();
    assertThat(defaults.name()).isEqualTo("fusebox-demo");
    assertThat(defaults.host()).isNull();
    assertThat(defaults.port()).isEqualTo(5701);
    assertThat(defaults.members()).isEmpty();
    assertThat(defaults.eventBusPort()).isZero();

    String file = TestFiles.json("""
        {"cluster": {"enabled": true, "name": "shop", "host": "10.0.0.7", "port": 5801,
                     "members": ["10.0.0.8", "10.0.0.9:5802"], "eventBusPort": 41000}}""");
    ClusterConfig fromFile = ConfigLoader.load(List.of("--conf", file), Map.of()).cluster();
    assertThat(fromFile).isEqualTo(new ClusterConfig(true, "shop", "10.0.0.7", 5801,
        List.of("10.0.0.8", "10.0.0.9:5802"), 41000));

    // the variables the Helm chart sets win over the file
    ClusterConfig fromEnv = ConfigLoader.load(List.of("--conf", file), Map.of("DEMO_CLUSTER_ENABLED", "false",
        "DEMO_CLUSTER_NAME", "demo-fusebox-demo", "DEMO_CLUSTER_HOST", "127.0.0.1", "DEMO_CLUSTER_PORT", "6000",
        "DEMO_CLUSTER_MEMBERS", "127.0.0.1:6000, members.example:6001", "VERTX_EVENTBUS_PORT", "41001")).cluster();
    assertThat(fromEnv).isEqualTo(new ClusterConfig(false, "demo-fusebox-demo", "127.0.0.1", 6000,
        List.of("127.0.0.1:6000", "members.example:6001"), 41001));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "DEMO_CLUSTER_ENABLED|on|cluster.enabled must be true or false, was \"on\" (from environment"
          + " DEMO_CLUSTER_ENABLED)",
      "DEMO_CLUSTER_HOST|my-pod|cluster.host must be an IPv4 address such as \"10.0.0.7\" or \"127.0.0.1\","
          + " was \"my-pod\" (from environment DEMO_CLUSTER_HOST)",
      "DEMO_CLUSTER_HOST|256.0.0.1|cluster.host must be an IPv4 address",
      "DEMO_CLUSTER_PORT|0|cluster.port must be an integer in [1, 65535], was \"0\" (from environment"
          + " DEMO_CLUSTER_PORT)",
      "DEMO_CLUSTER_MEMBERS|10.0.0.8,,10.0.0.9|cluster.members must be a list of host or host:port (port in"
          + " [1, 65535]), as a JSON array of strings or comma separated, was \"10.0.0.8,,10.0.0.9\"",
      "DEMO_CLUSTER_MEMBERS|10.0.0.8:70000|cluster.members must be a list of host or host:port",
      "DEMO_CLUSTER_MEMBERS|http://10.0.0.8|cluster.members must be a list of host or host:port",
      "VERTX_EVENTBUS_PORT|41000x|cluster.eventBusPort must be an integer in [0, 65535], was \"41000x\" (from"
          + " environment VERTX_EVENTBUS_PORT)",
  })
  void badClusterValuesNameTheKeyAndTheVariable(String variable, String value, String message) {
    assertThatThrownBy(() -> ConfigLoader.load(List.of(), Map.of(variable, value)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(message);
  }

  @Test
  void badClusterFileValuesNameTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--conf",
        TestFiles.json("{\"cluster\": {\"members\": [\"10.0.0.8\", 5701]}}")), Map.of()))
        .hasMessageContaining("cluster.members must be a list of host or host:port");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--conf",
        TestFiles.json("{\"cluster\": {\"enable\": true}}")), Map.of()))
        .hasMessageContaining("unknown key cluster.enable")
        .hasMessageContaining("cluster.enabled");
  }

  @Test
  void missingFileAndBadArgumentsAreReported() {
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--conf", "/no/such/file.json"), Map.of()))
        .hasMessageContaining("config file /no/such/file.json cannot be read");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--conf"), Map.of()))
        .hasMessageContaining("--conf needs a file name");
    assertThatThrownBy(() -> ConfigLoader.load(List.of("--port", "1"), Map.of()))
        .hasMessageContaining("unknown argument \"--port\"");
  }

  @ParameterizedTest
  @CsvSource({"800ms,PT0.8S", "30s,PT30S", "5m,PT5M", "1h,PT1H", "1.5s,PT1.5S", "PT0.8S,PT0.8S", "pt2m,PT2M",
      "250us,PT0.00025S", "2d,PT48H"})
  void durationsAcceptShortFormsAndIso8601(String text, String iso) {
    assertThat(DurationParser.parse(text)).isEqualTo(Duration.parse(iso));
  }

  @ParameterizedTest
  @CsvSource({"800", "ms", "1.5.1s", "-1s", "1 s", "P", "PTxS", "5 minutes"})
  void durationsRejectEverythingElse(String text) {
    assertThatThrownBy(() -> DurationParser.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }
}
