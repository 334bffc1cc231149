package dev.fusebox.demo.users;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;

/**
 * The answer the cache fallback gives in place of the upstream's: a {@code 200} whose body is the cached user. The
 * guarded client's fallback must produce an {@link HttpResponse}; this type also tells the route that the answer
 * came from the cache.
 *
 * <p>Immutable.
 */
final class CachedResponse implements HttpResponse<Buffer> {

  private final JsonObject user;
  private final Buffer body;
  private final MultiMap headers;

  CachedResponse(JsonObject user) {
    this.user = user;
    this.body = user.toBuffer();
    this.headers = MultiMap.caseInsensitiveMultiMap().add(HttpHeaders.CONTENT_TYPE, "application/json");
  }

  /** The cached user. */
  JsonObject user() {
    return user.copy();
  }

  @Override
  public HttpVersion version() {
    return HttpVersion.HTTP_1_1;
  }

  @Override
  public int statusCode() {
    return 200;
  }

  @Override
  public String statusMessage() {
    return "OK";
  }

  @Override
  public MultiMap headers() {
    return headers;
  }

  @Override
  public String getHeader(String headerName) {
    return headers.get(headerName);
  }

  @Override
  public String getHeader(CharSequence headerName) {
    return headers.get(headerName);
  }

  @Override
  public List<String> cookies() {
    return List.of();
  }

  @Override
  public MultiMap trailers() {
    return MultiMap.caseInsensitiveMultiMap();
  }

  @Override
  public String getTrailer(String trailerName) {
    return null;
  }

  @Override
  public Buffer body() {
    return body.copy();
  }

  @Override
  public Buffer bodyAsBuffer() {
    return body.copy();
  }

  @Override
  public List<String> followedRedirects() {
    return List.of();
  }

  @Override
  public JsonArray bodyAsJsonArray() {
    throw new IllegalStateException("a cached user is a JSON object");
  }
}
