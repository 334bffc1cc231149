package dev.fusebox.demo.server;

import dev.fusebox.vertx.web.Problem;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * What keeps the public server from being held or tricked into a {@code 5xx}:
 *
 * <ul>
 *   <li><b>Header-read deadline</b> (against slowloris): a connection must deliver a complete request head within
 *       {@code headerTimeout} of being opened, and again within {@code headerTimeout} of its last response, else it
 *       is closed. Vert.x's idle timeout alone cannot do this: a client sending one byte a second is never idle.</li>
 *   <li><b>Idle timeout</b>: a connection that neither reads nor writes for {@code idleTimeout} is closed.</li>
 *   <li><b>Later HTTP/1 minor versions</b> ({@code HTTP/1.2}) are served as HTTP/1.1, as RFC 9112 §2.3 asks;
 *       Vert.x would answer them {@code 501} ({@link LaterMinorVersions}).</li>
 *   <li><b>Malformed requests</b> (a request line over {@value #MAX_INITIAL_LINE} bytes, headers over
 *       {@value #MAX_HEADER_SIZE} bytes, a request Netty cannot decode) get {@code 414}, {@code 431} or
 *       {@code 400} as {@code application/problem+json}, then the connection closes.</li>
 *   <li><b>Draining</b>: once {@code draining} says so, every response carries {@code Connection: close} and its
 *       connection closes after it, so keep-alive clients reconnect elsewhere instead of meeting a closed socket
 *       with their next request ({@link #routeHandler()}, the router's first handler).</li>
 * </ul>
 *
 * <p>Thread-safe: per-connection state is touched only on that connection's event loop; the map holding it is
 * concurrent.
 */
public final class ServerHardening {

  /** Longest request line accepted (Vert.x's default); longer is {@code 414}. */
  public static final int MAX_INITIAL_LINE = 4096;
  /** Largest request head accepted (Vert.x's default); larger is {@code 431}. */
  public static final int MAX_HEADER_SIZE = 8192;

  private static final System.Logger LOG = System.getLogger(ServerHardening.class.getName());

  private final Vertx vertx;
  private final Duration headerTimeout;
  private final Duration idleTimeout;
  private final BooleanSupplier draining;
  private final Map<HttpConnection, ConnectionState> connections = new ConcurrentHashMap<>();

  /** Creates the hardening of a server on {@code vertx}. */
  public ServerHardening(Vertx vertx, Duration headerTimeout, Duration idleTimeout, BooleanSupplier draining) {
    this.vertx = vertx;
    this.headerTimeout = headerTimeout;
    this.idleTimeout = idleTimeout;
    this.draining = draining;
  }

  /**
   * {@code options} with the idle timeout and the request-head limits set, and without cleartext HTTP/2: with it,
   * Vert.x sets a connection up only once its first bytes tell HTTP/1 from HTTP/2, so a client trickling bytes would
   * hold a connection the header-read deadline cannot see yet.
   */
  public HttpServerOptions apply(HttpServerOptions options) {
    return options
        .setHttp2ClearTextEnabled(false)
        .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, idleTimeout.toMillis())))
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxInitialLineLength(MAX_INITIAL_LINE)
        .setMaxHeaderSize(MAX_HEADER_SIZE);
  }

  /** Installs the connection, invalid-request and request handlers on {@code server}, requests going to {@code app}. */
  public HttpServer install(HttpServer server, Handler<HttpServerRequest> app) {
    return server
        .connectionHandler(this::opened)
        .invalidRequestHandler(this::invalid)
        .requestHandler(request -> {
          started(request);
          app.handle(request);
        });
  }

  /** How many connections are open now. */
  public int openConnections() {
    return connections.size();
  }

  private void opened(HttpConnection connection) {
    LaterMinorVersions.installOn(connection);
    ConnectionState state = new ConnectionState(connection);
    connections.put(connection, state);
    connection.closeHandler(v -> {
      connections.remove(connection);
      state.disarm();
    });
    state.arm();
  }

  private void started(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    ConnectionState state = connection == null ? null : connections.get(connection);
    if (state != null) {
      state.requestStarted();
    }
  }

  /**
   * The router's first handler: marks responses {@code Connection: close} while draining and, when a response is
   * done, closes a draining connection or re-arms its header-read deadline. (Through the routing context's handler
   * lists, so handlers of other routes cannot replace these.)
   */
  public Handler<RoutingContext> routeHandler() {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      HttpConnection connection = request.connection();
      ctx.addHeadersEndHandler(v -> {
        if (draining.getAsBoolean()) {
          ctx.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
      });
      ctx.addEndHandler(ar -> {
        ConnectionState state = connection == null ? null : connections.get(connection);
        if (state != null) {
          state.requestEnded();
        }
        if (connection != null && draining.getAsBoolean()) {
          connection.close();
        }
      });
      ctx.next();
    };
  }

  /** A request Netty could not decode: answer it as a problem, never as a 5xx, and close the connection. */
  private void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    int status;
    String detail;
    if (cause instanceof TooLongHttpLineException) {
      status = 414;
      detail = "The request line is longer than " + MAX_INITIAL_LINE + " bytes.";
    } else if (cause instanceof TooLongHttpHeaderException || cause instanceof TooLongFrameException) {
      status = 431;
      detail = "The request headers are larger than " + MAX_HEADER_SIZE + " bytes.";
    } else {
      status = 400;
      detail = "The request could not be parsed" + (cause == null || cause.getMessage() == null ? "."
          : ": " + cause.getMessage());
    }
    HttpServerResponse response = request.response();
    response.putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
    Problem.of(status, detail).send(response).onComplete(ar -> {
      HttpConnection connection = request.connection();
      if (connection != null) {
        connection.close();
      }
    });
  }

  /** The header-read deadline of one connection. Touched only on the connection's event loop. */
  private final class ConnectionState {
    private final HttpConnection connection;
    private long timer = -1;
    private int inFlight;

    ConnectionState(HttpConnection connection) {
      this.connection = connection;
    }

    void arm() {
      disarm();
      timer = vertx.setTimer(Math.max(1, headerTimeout.toMillis()), id -> {
        timer = -1;
        if (inFlight == 0) {
          LOG.log(System.Logger.Level.DEBUG, "closing {0}: no complete request head within {1}",
              connection.remoteAddress(), headerTimeout);
          connection.close();
        }
      });
    }

    void disarm() {
      if (timer != -1) {
        vertx.cancelTimer(timer);
        timer = -1;
      }
    }

    void requestStarted() {
      inFlight++;
      disarm();
    }

    void requestEnded() {
      inFlight = Math.max(0, inFlight - 1);
      if (inFlight == 0) {
        arm();
      }
    }
  }
}
