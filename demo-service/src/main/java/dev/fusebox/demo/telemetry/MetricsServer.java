package dev.fusebox.demo.telemetry;

import dev.fusebox.vertx.web.Problem;
import io.opentelemetry.exporter.prometheus.PrometheusMetricReader;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Serves the OpenTelemetry metrics in the Prometheus text format on {@code GET /metrics}, on its own port
 * ({@code METRICS_PORT}, 9090 by default) so scraping is kept apart from user traffic.
 *
 * <p>Thread-safe: the server handle is set once by {@link #start}; collection is done by the reader.
 */
public final class MetricsServer {

  private final Vertx vertx;
  private final PrometheusMetricReader reader;
  private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
  private HttpServer server;

  /** Creates the server of {@code reader}'s metrics. */
  public MetricsServer(Vertx vertx, PrometheusMetricReader reader) {
    this.vertx = vertx;
    this.reader = reader;
  }

  /** Binds {@code host:port} (0 picks a free port) and returns the port bound. */
  public Future<Integer> start(String host, int port) {
    server = vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port));
    server.requestHandler(request -> {
      if (!"/metrics".equals(request.path())) {
        Problem.of(404, "The metrics are at /metrics.").withInstance(request.path()).send(request.response());
        return;
      }
      Buffer body;
      try {
        body = scrape();
      } catch (IOException | RuntimeException e) {
        request.response().setStatusCode(500).end("metrics collection failed: " + e);
        return;
      }
      request.response().putHeader(HttpHeaders.CONTENT_TYPE, writer.getContentType()).end(body);
    });
    return server.listen().map(HttpServer::actualPort);
  }

  /** The current metrics in the Prometheus text format. */
  public Buffer scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    writer.write(out, reader.collect(), EscapingScheme.UNDERSCORE_ESCAPING);
    return Buffer.buffer(out.toByteArray());
  }

  /** Closes the server. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }
}
