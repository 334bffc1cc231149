package dev.fusebox.vertx.client;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * A remembered response served in place of a failed or refused request by a stale-value policy of the client's
 * template: the remembered one with an {@code Age} header (RFC 9111 §5.1, whole seconds since it was received), and
 * a type the caller can test for. Give {@link #mark} to the policy:
 *
 * <pre>{@code
 * GuardedWebClient.create(vertx, webClient, g -> g
 *     .stale(s -> s.storeWhen(r -> r.statusCode() == 200).asStale(StaleResponse::mark))
 *     .circuitBreaker(cb -> cb.failureRate(0.5))
 *     .timeout(Duration.ofMillis(800)));
 * ...
 * if (response instanceof StaleResponse stale) { ... stale.age() ... }
 * }</pre>
 *
 * <p>Immutable: the body is the remembered buffer, copied for each reader.
 */
public final class StaleResponse implements HttpResponse<Buffer> {

  private final HttpResponse<Buffer> remembered;
  private final Duration age;
  private final MultiMap headers;

  private StaleResponse(HttpResponse<Buffer> remembered, Duration age) {
    this.remembered = remembered instanceof StaleResponse stale ? stale.remembered : remembered;
    this.age = age;
    this.headers = MultiMap.caseInsensitiveMultiMap().addAll(this.remembered.headers())
        .set(HttpHeaders.AGE, Long.toString(age.toSeconds()));
  }

  /** The response {@code remembered}, {@code age} old, as served stale: the policy's {@code asStale}. */
  public static HttpResponse<Buffer> mark(HttpResponse<Buffer> remembered, Duration age) {
    return new StaleResponse(remembered, age);
  }

  /** How long ago the remembered response was received. */
  public Duration age() {
    return age;
  }

  @Override
  public HttpVersion version() {
    return remembered.version();
  }

  @Override
  public int statusCode() {
    return remembered.statusCode();
  }

  @Override
  public String statusMessage() {
    return remembered.statusMessage();
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
    return remembered.cookies();
  }

  @Override
  public MultiMap trailers() {
    return remembered.trailers();
  }

  @Override
  public String getTrailer(String trailerName) {
    return remembered.getTrailer(trailerName);
  }

  @Override
  public Buffer body() {
    Buffer body = remembered.body();
    return body == null ? null : body.copy();
  }

  @Override
  public Buffer bodyAsBuffer() {
    return body();
  }

  @Override
  public List<String> followedRedirects() {
    return remembered.followedRedirects();
  }

  @Override
  public JsonArray bodyAsJsonArray() {
    Buffer body = body();
    return body == null ? null : new JsonArray(body);
  }
}
