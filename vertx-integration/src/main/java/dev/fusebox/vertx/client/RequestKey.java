package dev.fusebox.vertx.client;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.uritemplate.Variables;
import java.util.TreeSet;

/**
 * The key a {@link GuardedWebClient} gives each {@code GET} and {@code HEAD} it sends
 * ({@link dev.fusebox.spi.Execution#key()}): method, authority, the request URI as given, and the query and
 * template parameters added to the request, so two requests for different resources never share a key (headers
 * are not part of it: a resource that varies by header needs a key of its own). A stale-value
 * policy in the client's template therefore remembers and coalesces per resource; other methods are sent with no
 * key, so it passes them through (never replays a write); so do requests made from an absolute URI.
 *
 * @param method {@code GET} or {@code HEAD}
 * @param authority {@code host:port}
 * @param uri the request URI as given (a template's text, for a template)
 * @param parameters the query parameters and, for a template, its parameters, in a canonical text; empty for none
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
    MultiMap query = request.queryParams();
    Variables template;
    try {
      template = request.templateParams();
    } catch (IllegalStateException notATemplate) {
      template = null;
    }
    String parameters = "";
    if (!query.isEmpty() || template != null && !template.names().isEmpty()) {
      StringBuilder b = new StringBuilder();
      query.forEach(e -> b.append(e.getKey()).append('=').append(e.getValue()).append('&'));
      if (template != null && !template.names().isEmpty()) {
        b.append('#');
        Variables t = template;
        new TreeSet<>(t.names()).forEach(name -> b.append(name).append('=').append(t.get(name)).append('&'));
      }
      parameters = b.toString();
    }
    return new RequestKey(request.method(), authority, uri, parameters);
  }
}
