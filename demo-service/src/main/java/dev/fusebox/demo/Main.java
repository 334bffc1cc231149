package dev.fusebox.demo;

import dev.fusebox.demo.cluster.DemoCluster;
import dev.fusebox.demo.config.ConfigException;
import dev.fusebox.demo.config.ConfigLoader;
import dev.fusebox.demo.config.DemoConfig;
import dev.fusebox.demo.telemetry.Telemetry;
import dev.fusebox.spi.Clock;
import io.vertx.core.Vertx;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code java -jar fusebox-demo-service.jar [--conf FILE]}: reads the configuration (defaults, the JSON file, the
 * environment), builds OpenTelemetry from the {@code OTEL_*} variables, starts Vert.x with the OpenTelemetry tracer
 * (clustered through Hazelcast with {@code cluster.enabled}: {@link DemoCluster}) and the {@link DemoService}, and on
 * SIGTERM (or Ctrl-C) drains in-flight requests before exiting; closing Vert.x then leaves the cluster.
 *
 * <p>Exit status 2 for a configuration error, 1 for another start-up failure.
 */
public final class Main {

  static {
    // One line per log record, unless the operator configured java.util.logging otherwise.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format",
          "%1$tF %1$tT.%1$tL %4$-7s [%3$s] %5$s%6$s%n");
    }
  }

  private Main() {
  }

  /** Starts the demo; returns once it listens, leaving the Vert.x threads to run it. */
  public static void main(String[] args) {
    DemoConfig config;
    try {
      config = ConfigLoader.load(Arrays.asList(args), System.getenv());
    } catch (ConfigException e) {
      System.err.println("fusebox-demo: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    Telemetry telemetry = Telemetry.autoconfigure();
    Vertx vertx;
    try {
      // Clustered (cluster.enabled): returns once this member joined the others, or formed the cluster alone.
      vertx = DemoCluster.start(Vertx.builder().withTracer(new OpenTelemetryTracingFactory(telemetry.sdk())),
          config.cluster()).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException | ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      System.err.println("fusebox-demo: failed to start " + (config.cluster().enabled() ? "the clustered " : "")
          + "Vert.x: " + cause);
      telemetry.close();
      System.exit(1);
      return;
    }
    CompletableFuture<DemoService> starting = DemoService.start(vertx, config, telemetry, Clock.system())
        .toCompletionStage().toCompletableFuture();
    // Registered before the service listens, so a SIGTERM arriving at any time after this drains it.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(starting, vertx, telemetry, config),
        "fusebox-demo-shutdown"));
    try {
      starting.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      boolean badConfig = cause instanceof ConfigException || cause instanceof IllegalArgumentException;
      System.err.println("fusebox-demo: " + (badConfig ? "configuration error: " + cause.getMessage()
          : "failed to start: " + cause));
      System.exit(badConfig ? 2 : 1);
    } catch (InterruptedException | TimeoutException e) {
      System.err.println("fusebox-demo: failed to start: " + e);
      System.exit(1);
    }
  }

  /**
   * The SIGTERM path: drain the service, then close Vert.x and flush telemetry. It reports on stderr directly:
   * java.util.logging resets its handlers in a shutdown hook of its own, racing this one.
   */
  private static void stop(CompletableFuture<DemoService> starting, Vertx vertx, Telemetry telemetry,
      DemoConfig config) {
    DemoService service = null;
    try {
      service = starting.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // start-up failed or hangs: nothing to drain
    }
    if (service != null) {
      lifecycle("shutting down: draining in-flight requests (at most " + config.shutdownTimeout() + ")");
      long waitMillis = config.shutdownTimeout().toMillis() + 5_000;
      try {
        service.shutdown().toCompletionStage().toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        lifecycle("drain did not complete cleanly: " + e);
      }
    }
    close(vertx, telemetry);
    lifecycle("stopped");
  }

  private static void lifecycle(String message) {
    String now = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern(
        "yyyy-MM-dd HH:mm:ss.SSS"));
    System.err.println(now + " INFO    [" + Main.class.getName() + "] " + message);
    System.err.flush();
  }

  private static void close(Vertx vertx, Telemetry telemetry) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      lifecycle("Vert.x did not close cleanly: " + e);
    }
    telemetry.close();
  }
}
