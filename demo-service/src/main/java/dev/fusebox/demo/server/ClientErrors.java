package dev.fusebox.demo.server;

import dev.fusebox.vertx.web.Problem;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * The router's answers to requests it cannot route, as {@code application/problem+json}: Vert.x Web would send
 * them with an empty or plain-text body. Requests Netty cannot even decode are answered by
 * {@link ServerHardening}.
 *
 * <p>Thread-safe: stateless.
 */
public final class ClientErrors {

  /** The statuses the router itself produces, and what they mean here. */
  private static final Map<Integer, String> DETAILS = Map.of(
      400, "The request is malformed (an invalid percent-escape in the path, say).",
      404, "No such resource.",
      405, "Method not allowed here.",
      406, "No representation of this resource is acceptable to the client.",
      413, "The request body is too large.",
      414, "The request URI is too long.",
      415, "The request body's media type is not supported here.",
      431, "The request headers are too large.");

  private ClientErrors() {
  }

  /** Adds an error handler for each status the router may produce on its own. */
  public static void mount(Router router) {
    DETAILS.forEach((status, detail) -> router.errorHandler(status, ctx -> Problem.of(status, detail).send(ctx)));
  }
}
