package dev.fusebox.demo.users;

import dev.fusebox.spi.Clock;
import dev.fusebox.stale.StaleValue;
import dev.fusebox.vertx.cache.CaffeineStaleCache;
import dev.fusebox.vertx.client.StaleResponse;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;

/**
 * What the demo asks of the user API's answers: which ones are failures beyond their status, and which ones are
 * remembered to be served stale.
 *
 * <p>Thread-safe: stateless.
 */
public final class UserResponses {

  private UserResponses() {
  }

  /**
   * The guarded client's {@code failureWhen}: a {@code 200} whose body is not a JSON object. Judged inside each
   * attempt, so the breaker counts a malformed body like a {@code 500}, the retry retries it and the stale value
   * answers it, all within the deadline. (Judged after the guard, a stream of malformed {@code 200}s once left the
   * breaker at a 0 % failure rate.)
   */
  public static boolean malformed(HttpResponse<Buffer> response) {
    return response.statusCode() == 200 && user(response.body()) == null;
  }

  /**
   * The stale-value policy of the upstream's guard: remembers each {@code 200} (at most {@code maxSize} users,
   * each for {@code ttl}, on {@code clock} — the guard's), serves it as a {@link StaleResponse} when a later lookup
   * of the same user fails or is refused or has not answered after {@code serveStaleAfter} (the upstream request goes
   * on and refreshes the user when it lands), and lets concurrent lookups of one user share one upstream request.
   */
  public static StaleValue<HttpResponse<Buffer>> staleValue(long maxSize, Duration ttl, Duration serveStaleAfter,
      Clock clock) {
    return StaleValue.of("users", s -> s
        .cache(CaffeineStaleCache.of(maxSize, ttl, clock))
        .maxStaleness(ttl)
        .serveStaleAfter(serveStaleAfter)
        .storeWhen(r -> r.statusCode() == 200)
        .asStale(StaleResponse::mark));
  }

  /** The user in {@code body}, or null when it is not a JSON object. */
  static JsonObject user(Buffer body) {
    if (body == null || body.length() == 0) {
      return null;
    }
    try {
      return Json.decodeValue(body) instanceof JsonObject user ? user : null;
    } catch (DecodeException e) {
      return null;
    }
  }
}
