package dev.fusebox.demo.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URL of the user API, split into what the HTTP client needs. Only the base comes from configuration; the
 * request path is always {@code basePath + "/users/" + digits}, built by {@link #userPath(long)}.
 *
 * <p>Immutable.
 *
 * @param ssl whether to use TLS ({@code https})
 * @param host the host name or address
 * @param port the port, defaulted from the scheme
 * @param basePath the path prefix without a trailing slash, empty for none
 */
public record UpstreamUrl(boolean ssl, String host, int port, String basePath) {

  /**
   * Parses an absolute {@code http} or {@code https} URL without query or fragment.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code text}
   */
  public static UpstreamUrl parse(String text) {
    URI uri;
    try {
      uri = new URI(text.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("must be an absolute http(s) URL, was \"" + text + "\"", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("must be an absolute http(s) URL, was \"" + text + "\"");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("must name a host, was \"" + text + "\"");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("must have no user info, query or fragment, was \"" + text + "\"");
    }
    boolean ssl = scheme.equals("https");
    int port = uri.getPort() == -1 ? (ssl ? 443 : 80) : uri.getPort();
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String host = uri.getHost();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    return new UpstreamUrl(ssl, host, port, path);
  }

  /** The request path of user {@code id}: the base path, then {@code /users/}, then the decimal digits of id. */
  public String userPath(long id) {
    if (id < 0) {
      throw new IllegalArgumentException("id must be >= 0, was " + id);
    }
    return basePath + "/users/" + id;
  }

  /** The authority, {@code host:port}, that names this upstream's circuit breaker. */
  public String authority() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  @Override
  public String toString() {
    return (ssl ? "https://" : "http://") + authority() + basePath;
  }
}
