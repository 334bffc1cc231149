package dev.fusebox.demo.users;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;

/**
 * A {@code WebClient} interceptor that fails the exchange when a {@code 200} answer's body is not a JSON object,
 * with a {@link MalformedBodyException}. The guarded client sends each attempt through the web client, so the
 * failure happens <em>inside the attempt</em>: the breaker counts a malformed body like a {@code 500}, the retry
 * retries it and the fallback serves the cached user, all within the deadline. (Judged after the guard, as before,
 * a stream of malformed {@code 200}s left the breaker at a 0 % failure rate.)
 *
 * <p>Other statuses pass untouched: the guarded client classifies them. This stands in for a classification hook of
 * the guarded client that judges status and body; when it exists, the same check moves there.
 *
 * <p>Thread-safe: stateless.
 */
public final class UserBodyCheck implements Handler<HttpContext<?>> {

  @Override
  public void handle(HttpContext<?> context) {
    if (context.phase() == ClientPhase.DISPATCH_RESPONSE) {
      HttpResponse<?> response = context.response();
      if (response != null && response.statusCode() == 200 && !isJsonObject(response.body())) {
        Object body = response.body();
        int length = body instanceof Buffer buffer ? buffer.length() : 0;
        context.fail(new MalformedBodyException(context.request().uri(), length));
        return;
      }
    }
    context.next();
  }

  /** Whether {@code body} is a JSON object, the only shape of a user. */
  static boolean isJsonObject(Object body) {
    if (!(body instanceof Buffer buffer) || buffer.length() == 0) {
      return false;
    }
    try {
      return Json.decodeValue(buffer) instanceof JsonObject;
    } catch (DecodeException e) {
      return false;
    }
  }
}
