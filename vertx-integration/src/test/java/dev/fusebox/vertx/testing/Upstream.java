package dev.fusebox.vertx.testing;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real HTTP server on 127.0.0.1, port 0, playing a misbehaving upstream: fixed statuses, scripted answers,
 * {@code Retry-After}, a hang that never answers, a connection reset, a malformed response and a garbage body. It
 * counts the requests per path and tells when a hung request's connection closes.
 */
public final class Upstream {

  private final HttpServer server;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
  private final Promise<Void> hangReceived = Promise.promise();
  private final Promise<Void> hangClosed = Promise.promise();
  private final Promise<Void> slowReceived = Promise.promise();
  private final Promise<Void> slowRelease = Promise.promise();

  private Upstream(HttpServer server) {
    this.server = server;
  }

  /** A scripted answer to {@code GET /scripted}. */
  public record Scripted(int status, MultiMap headers, String body) {
    public static Scripted of(int status) {
      return new Scripted(status, MultiMap.caseInsensitiveMultiMap(), "");
    }

    public Scripted header(String name, String value) {
      headers.add(name, value);
      return this;
    }
  }

  /** Starts an upstream on a free loopback port. */
  public static Future<Upstream> start(Vertx vertx) {
    Router router = Router.router(vertx);
    HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0));
    Upstream upstream = new Upstream(server);
    router.route().handler(ctx -> {
      upstream.hits.computeIfAbsent(ctx.request().path(), p -> new AtomicInteger()).incrementAndGet();
      ctx.next();
    });
    router.get("/ok").handler(ctx -> ctx.response().end("ok"));
    router.get("/users/:id").handler(ctx -> ctx.json(new io.vertx.core.json.JsonObject()
        .put("id", ctx.pathParam("id")).put("name", "user " + ctx.pathParam("id"))));
    router.get("/status/:code").handler(ctx -> {
      int code = Integer.parseInt(ctx.pathParam("code"));
      String retryAfter = ctx.queryParams().get("retryAfter");
      if (retryAfter != null) {
        ctx.response().putHeader("Retry-After", retryAfter);
      }
      ctx.response().setStatusCode(code).end("status " + code);
    });
    router.get("/scripted").handler(ctx -> {
      Scripted next = upstream.script.poll();
      if (next == null) {
        ctx.response().end("ok");
        return;
      }
      ctx.response().headers().addAll(next.headers());
      ctx.response().setStatusCode(next.status()).end(next.body());
    });
    router.get("/hang").handler(ctx -> {
      ctx.request().connection().closeHandler(v -> upstream.hangClosed.tryComplete());
      upstream.hangReceived.tryComplete();
      // never answers
    });
    router.route("/slow").handler(ctx -> {
      upstream.slowReceived.tryComplete();
      upstream.slowRelease.future().onComplete(v -> ctx.response().end("slow but fine"));
    });
    router.get("/reset").handler(ctx -> ctx.request().connection().close());
    router.get("/malformed").handler(ctx -> {
      ctx.response().putHeader("Content-Length", "100").write(Buffer.buffer("only ten b"))
          .onComplete(ar -> ctx.request().connection().close());
    });
    router.get("/garbage").handler(ctx -> ctx.response().putHeader("Content-Type", "application/json")
        .end("{not json"));
    return server.requestHandler(router).listen().map(s -> upstream);
  }

  public int port() {
    return server.actualPort();
  }

  /** Requests received on {@code path}. */
  public int hits(String path) {
    AtomicInteger n = hits.get(path);
    return n == null ? 0 : n.get();
  }

  /** Queues answers for {@code GET /scripted}, first in first out; once empty it answers 200. */
  public Upstream script(Scripted... answers) {
    script.addAll(java.util.List.of(answers));
    return this;
  }

  /** Completes when {@code GET /slow} has arrived; it answers 200 once {@link #releaseSlow()} is called. */
  public Future<Void> slowReceived() {
    return slowReceived.future();
  }

  /** Lets the pending {@code GET /slow} answer. */
  public void releaseSlow() {
    slowRelease.tryComplete();
  }

  /** Completes when {@code GET /hang} has arrived. */
  public Future<Void> hangReceived() {
    return hangReceived.future();
  }

  /** Completes when the connection of a {@code GET /hang} request has closed. */
  public Future<Void> hangClosed() {
    return hangClosed.future();
  }

  public Future<Void> close() {
    return server.close();
  }
}
