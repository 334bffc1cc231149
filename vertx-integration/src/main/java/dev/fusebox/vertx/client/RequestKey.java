package dev.fusebox.vertx.client;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The key a {@link GuardedWebClient} gives each {@code GET} and {@code HEAD} it sends
 * ({@link dev.fusebox.spi.Execution#key()}): method, authority, the request URI (a template expanded with its
 * parameters) and the query parameters added to the request (percent-encoded), so two requests for different
 * resources never share a key. Headers are not part of it, so a request carrying {@code Authorization} or
 * {@code Cookie} — an answer for one user — gets no key at all: it is never coalesced with, nor served from, another
 * user's. A stale-value
 * policy in the client's template therefore remembers and coalesces per resource; other methods are sent with no
 * key, so it passes them through (never replays a write); so do requests made from an absolute URI.
 *
 * @param method {@code GET} or {@code HEAD}
 * @param authority {@code host:port}
 * @param uri the request URI as given, a template expanded with its parameters
 * @param parameters the query parameters added to the request, in a canonical text; empty for none
 */
public record RequestKey(HttpMethod method, String authority, String uri, String parameters) {

  /**
   * The key of {@code request}, sent to {@code authority}; null for a request made from an absolute URI
   * ({@code getAbs(..)}), whose path the request does not tell.
   */
  public static RequestKey of(HttpRequest<?> request, String authority) {
    String uri = request.uri();
    if (uri == null) {
      return null;
    }
    MultiMap headers = request.headers();
    if (headers.contains(HttpHeaders.AUTHORIZATION) || headers.contains(HttpHeaders.COOKIE)) {
      // A per-user answer: keyed by URI alone, one user could be served another's.
      return null;
    }
    // A template's parameters are in the URI already: uri() expands it with them. They are not read apart, as
    // templateParams() throws (a stack trace per request) for every request made from a plain URI.
    MultiMap query = request.queryParams();
    String parameters = "";
    if (!query.isEmpty()) {
      StringBuilder b = new StringBuilder();
      query.forEach(e -> b.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&'));
      parameters = b.toString();
    }
    return new RequestKey(request.method(), authority, uri, parameters);
  }

  /** Percent-encoded, so no name or value can imitate a separator ({@code q=1&b=2} as one value). */
  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
