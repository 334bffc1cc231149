package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.BaseImages;
import dev.fusebox.demo.testing.DockerEngine;
import dev.fusebox.demo.testing.DockerEngine.Result;
import dev.fusebox.demo.testing.RepoPaths;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real Dockerfile, built by a real Docker engine started for this run ({@link DockerEngine}; stand-in base
 * images from Debian packages when no registry answers, see {@link BaseImages}), and its image run the way the Helm
 * chart runs it: read-only root filesystem, a tmpfs on /tmp, user 10001, 128 MiB memory limit (no swap). The ports
 * are moved to free ones through HTTP_PORT and METRICS_PORT, on the host's loopback ({@code --network host}).
 *
 * <p>Prints the build time, the image size, the time to {@code /ready}, the load-test numbers and the peak memory.
 */
class ContainerImageIT {

  private static final Path ROOT = RepoPaths.root();
  private static final String IMAGE = "fusebox-demo:it";
  /** The chart's default limit; the demo must stay well below it. */
  private static final String MEMORY_LIMIT = "128m";
  /** The peak resident set the image's JVM flags are chosen for (README, "Memory and start-up"). */
  private static final long PEAK_RSS_LIMIT_MIB = 100;
  /** The chart's terminationGracePeriodSeconds. */
  private static final int GRACE_SECONDS = 30;
  private static final Pattern RESULT = Pattern.compile("RESULT requests=(\\d+) seconds=\\S+ rps=(\\S+) p50_ms=(\\S+)"
      + " p90_ms=\\S+ p99_ms=(\\S+) max_ms=(\\S+) http_errors=(\\d+)(?: http_5xx=\\d+)? socket_errors=(\\d+)"
      + " timeouts=(\\d+)");

  private static DockerEngine engine;
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  static void buildTheImage() throws Exception {
    DockerEngine.executable("wrk"); // fail now, not after a ten-minute build
    engine = DockerEngine.start();
    BaseImages.provide(engine, ROOT.resolve("Dockerfile"));

    Result build = engine.docker(Duration.ofMinutes(15), "build", "--network", "host", "-t", IMAGE, ROOT.toString());
    build.orFail("docker build");
    long bytes = Long.parseLong(engine.docker(Duration.ofSeconds(30), "image", "inspect", "-f", "{{.Size}}", IMAGE)
        .orFail("docker image inspect").strip());
    System.out.printf("[container] docker build of %s: %d s, image %.1f MiB%n", IMAGE, build.took().toSeconds(),
        bytes / 1048576.0);
    assertThat(build.output()).as("the AppCDS training run in the build")
        .contains("cds-training: GET /users/1 -> HTTP/1.1 200");
  }

  @AfterAll
  static void stopTheEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void runsLikeTheChartServesAndTakesTwentySecondsOfLoadWithinItsMemoryLimit() throws Exception {
    int http = freePort();
    int metrics = freePort();
    String name = "fusebox-load-" + http;
    // given the image, run as the chart runs it
    Instant started = run(name, http, metrics, Map.of());
    try {
      // then it is ready soon
      Duration startup = awaitReady(name, http, started);
      System.out.printf("[container] start to /ready: %d ms (container start to the first 200)%n", startup.toMillis());
      assertThat(startup).isLessThan(Duration.ofSeconds(10));

      // and serves what the probes and a client ask
      assertThat(get(http, "/health").statusCode()).isEqualTo(200);
      assertThat(get(http, "/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> user = get(http, "/users/1");
      assertThat(user.statusCode()).isEqualTo(200);
      assertThat(user.headers().firstValue("X-Served-From")).hasValue("upstream");
      assertThat(user.body()).contains("\"name\":\"User 1\"");
      HttpResponse<String> scrape = get(metrics, "/metrics");
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body()).contains("circuit_breaker_state{", "circuit_breaker_requests_total{");

      // when wrk drives it for 20 s on loopback
      Result wrk = DockerEngine.run(List.of(DockerEngine.executable("wrk"), "-t2", "-c32", "-d20s", "--timeout", "5s",
          "-s", ROOT.resolve("benchmarks/load/users.lua").toString(), "http://127.0.0.1:" + http),
          Map.of(), Duration.ofSeconds(60));
      wrk.orFail("wrk");
      Matcher r = RESULT.matcher(wrk.output());
      assertThat(r.find()).as("wrk's RESULT line in:%n%s", wrk.output()).isTrue();
      long memoryPeak = cgroupPeakBytes(name);
      long rssPeak = vmHwmKib(name);
      System.out.printf("[container] wrk -t2 -c32 -d20s: %s req/s, p50 %s ms, p99 %s ms, max %s ms, %s requests;"
              + " peak RSS %.1f MiB, cgroup peak %.1f MiB of %s%n", r.group(2), r.group(3), r.group(4), r.group(5),
          r.group(1), rssPeak / 1024.0, memoryPeak / 1048576.0, MEMORY_LIMIT);

      // then every answer was a success, nothing was killed, and the JVM stayed within its budget
      assertThat(Long.parseLong(r.group(6)) + Long.parseLong(r.group(7)) + Long.parseLong(r.group(8)))
          .as("HTTP errors, socket errors and timeouts under load").isZero();
      assertThat(Long.parseLong(r.group(1))).as("requests served").isGreaterThan(20_000);
      assertThat(inspect(name, "{{.State.OOMKilled}} {{.State.Running}}")).isEqualTo("false true");
      assertThat(rssPeak / 1024).as("peak RSS in MiB").isLessThanOrEqualTo(PEAK_RSS_LIMIT_MIB);
      assertThat(get(http, "/health").statusCode()).isEqualTo(200);
    } finally {
      remove(name);
    }
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void dockerStopDrainsRequestsInFlightAndExitsWithinTheGracePeriod() throws Exception {
    int http = freePort();
    int metrics = freePort();
    int admin = freePort();
    String name = "fusebox-drain-" + http;
    // given the image with the fault controls on, and -Xshare:on, so that the JVM refuses to start without its
    // AppCDS archive (the image maps it with -Xshare:auto, which would silently do without)
    String toolOptions = inspect(IMAGE, "{{range .Config.Env}}{{println .}}{{end}}").lines()
        .filter(l -> l.startsWith("JAVA_TOOL_OPTIONS=")).findFirst().orElseThrow().substring(18);
    Instant started = run(name, http, metrics, Map.of("DEMO_ADMIN_ENABLED", "true", "ADMIN_PORT",
        String.valueOf(admin), "JAVA_TOOL_OPTIONS", toolOptions + " -Xshare:on"));
    try {
      awaitReady(name, http, started);
      // and an upstream that takes 600 ms per call (the guard's timeout is 800 ms)
      HttpResponse<String> fault = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin
          + "/admin/faults")).PUT(HttpRequest.BodyPublishers.ofString("{\"latency\": \"600ms\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(fault.statusCode()).as("fault control: %s", fault.body()).isBetween(200, 204);

      // when requests are in flight and docker stops the container (SIGTERM, then SIGKILL after the grace period)
      List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        inFlight.add(HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/users/" + (100 + i)))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      Thread.sleep(250);
      assertThat(inFlight).noneMatch(CompletableFuture::isDone);
      Result stop = engine.docker(Duration.ofSeconds(GRACE_SECONDS + 30), "stop", "-t", String.valueOf(GRACE_SECONDS),
          name);
      stop.orFail("docker stop");

      // then each of them got its answer, and the JVM exited on SIGTERM well within the grace period
      for (CompletableFuture<HttpResponse<String>> request : inFlight) {
        HttpResponse<String> response = request.get(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Served-From")).hasValue("upstream");
      }
      System.out.printf("[container] docker stop with 8 requests in flight: %d ms%n", stop.took().toMillis());
      assertThat(stop.took()).isLessThan(Duration.ofSeconds(GRACE_SECONDS));
      assertThat(inspect(name, "{{.State.ExitCode}} {{.State.OOMKilled}}")).isEqualTo("143 false");
      assertThat(engine.docker(Duration.ofSeconds(30), "logs", name).orFail("docker logs")).contains("stopped");
    } finally {
      remove(name);
    }
  }

  /** {@code docker run -d} as the chart runs the pod; returns when the container started. */
  private static Instant run(String name, int http, int metrics, Map<String, String> env) throws Exception {
    List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name, "--read-only", "--tmpfs", "/tmp",
        "--user", "10001", "--memory", MEMORY_LIMIT, "--memory-swap", MEMORY_LIMIT, "--network", "host"));
    Map<String, String> all = new HashMap<>(Map.of("HTTP_PORT", String.valueOf(http),
        "METRICS_PORT", String.valueOf(metrics)));
    all.putAll(env);
    all.forEach((k, v) -> args.addAll(List.of("-e", k + "=" + v)));
    args.add(IMAGE);
    engine.docker(Duration.ofMinutes(2), args.toArray(String[]::new)).orFail("docker run");
    return Instant.parse(inspect(name, "{{.State.StartedAt}}"));
  }

  private static Duration awaitReady(String name, int port, Instant started) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        if (get(port, "/ready").statusCode() == 200) {
          return Duration.between(started, Instant.now());
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      if (!inspect(name, "{{.State.Running}}").equals("true")) {
        break;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the container did not become ready; state "
        + inspect(name, "{{json .State}}") + ", log:\n" + engine.docker(Duration.ofSeconds(30), "logs", name).output());
  }

  private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String inspect(String object, String format) throws Exception {
    return engine.docker(Duration.ofSeconds(30), "inspect", "-f", format, object).orFail("docker inspect").strip();
  }

  /** The container's peak memory as its cgroup counts it (RSS and page cache). */
  private static long cgroupPeakBytes(String name) throws Exception {
    String id = inspect(name, "{{.Id}}");
    for (Path file : List.of(Path.of("/sys/fs/cgroup/memory/docker", id, "memory.max_usage_in_bytes"),
        Path.of("/sys/fs/cgroup/system.slice/docker-" + id + ".scope/memory.peak"),
        Path.of("/sys/fs/cgroup/docker", id, "memory.peak"))) {
      if (Files.isReadable(file)) {
        return Long.parseLong(Files.readString(file).strip());
      }
    }
    throw new AssertionError("no memory cgroup found for container " + id);
  }

  /** The JVM's peak resident set (VmHWM), read from the host's /proc: java is the container's PID 1. */
  private static long vmHwmKib(String name) throws Exception {
    String pid = inspect(name, "{{.State.Pid}}");
    for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
      if (line.startsWith("VmHWM:")) {
        return Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    throw new AssertionError("no VmHWM in /proc/" + pid + "/status");
  }

  private static void remove(String name) throws Exception {
    engine.docker(Duration.ofMinutes(1), "rm", "-f", name);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
