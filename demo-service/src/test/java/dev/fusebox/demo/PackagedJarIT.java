package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.DemoProcess;
import dev.fusebox.demo.testing.RepoPaths;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jars run with {@code java -jar} alone: the shaded {@code fusebox-demo-service.jar}, and the thin jar
 * on top of {@code target/lib/} as in the Docker image. Each serves a user from the embedded API, exposes the
 * breaker metrics, and exits on SIGTERM.
 */
class PackagedJarIT {

  @ParameterizedTest
  @ValueSource(strings = {"fusebox-demo-service.jar", "fusebox-demo-service-thin.jar"})
  void javaDashJarAloneIsAWorkingDemo(String jar) throws Exception {
    Path path = RepoPaths.root().resolve("demo-service/target").resolve(jar);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try (DemoProcess demo = DemoProcess.start(DemoProcess.launch(List.of(java, "-jar", path.toString()), Map.of()))) {
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      HttpResponse<String> user = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + demo.httpPort() + "/users/42")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(user.statusCode()).isEqualTo(200);
      assertThat(user.headers().firstValue("X-Served-From")).hasValue("upstream");
      assertThat(user.body()).contains("\"name\":\"User 42\"");

      String metrics = http.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + demo.metricsPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertThat(metrics).contains("circuit_breaker_state{", "state=\"closed\"", "circuit_breaker_requests_total{");

      assertThat(demo.log()).contains("no OTLP endpoint set").containsOnlyOnce("no OTLP endpoint set");
      demo.process().toHandle().destroy();
      assertThat(demo.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(demo.process().exitValue()).isEqualTo(143);
      demo.awaitLog("stopped", Duration.ofSeconds(5));
    }
  }
}
