package dev.fusebox.demo.users;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.RejectedException;
import dev.fusebox.demo.config.UpstreamUrl;
import dev.fusebox.demo.dashboard.CallStats;
import dev.fusebox.demo.dashboard.OutcomeLog;
import dev.fusebox.demo.dashboard.ServedFrom;
import dev.fusebox.vertx.client.GuardedWebClient;
import dev.fusebox.vertx.client.StaleResponse;
import dev.fusebox.vertx.web.Problem;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.concurrent.TimeoutException;

/**
 * {@code GET /users/{id}}: the user from the upstream API through the guarded client, or the last good answer for
 * that user (the guard's stale-value policy, {@link UserResponses#staleValue}) when the upstream fails or its
 * breaker is open. Concurrent lookups of one user share one upstream request.
 *
 * <ul>
 *   <li>The id must be 1 to {@value UserId#MAX_DIGITS} digits, else {@code 400}. The upstream path is rebuilt from
 *       the parsed number ({@link UpstreamUrl#userPath(long)}), so no input can change it.</li>
 *   <li>{@code 200} with {@code X-Served-From: upstream} when the upstream answered; the user is cached.</li>
 *   <li>{@code 404} when the upstream says so: not a failure, not cached, never served from the cache.</li>
 *   <li>{@code 200} with {@code X-Served-From: cache} when the upstream failed (error status, reset, timeout,
 *       malformed body — judged inside the attempt by {@link UserResponses#malformed}) or the breaker refused the
 *       call, and the user is cached; at the latest when the deadline ({@code userApi.deadline}) is spent.</li>
 *   <li>Otherwise {@code application/problem+json}: {@code 503} with {@code Retry-After} while the breaker is
 *       open, {@code 504} when the deadline or the last attempt's timeout ran out, {@code 503} for other upstream
 *       failures.</li>
 * </ul>
 *
 * <p>Thread-safe: holds only thread-safe collaborators.
 */
public final class UserRoutes {

  /** The response header naming where the user came from: {@code upstream} or {@code cache}. */
  public static final String SERVED_FROM = "X-Served-From";

  /** System property that adds the unguarded comparison route of the load tests; see {@link #mount}. */
  public static final String UNGUARDED_ROUTE_PROPERTY = "fusebox.demo.unguardedRoute";

  private static final AttributeKey<String> SERVED_FROM_KEY = AttributeKey.stringKey("served_from");
  private static final String START_NANOS = "fusebox.demo.startNanos";

  private final GuardedWebClient client;
  private final UpstreamUrl upstream;
  private final OutcomeLog outcomes;
  private final LongCounter responses;
  private final CallStats stats;

  /**
   * Creates the routes calling {@code upstream} through {@code client}; the guarded lookups' outcomes and latencies
   * go to {@code stats}.
   */
  public UserRoutes(GuardedWebClient client, UpstreamUrl upstream, OutcomeLog outcomes, Meter meter,
      CallStats stats) {
    this.stats = stats;
    this.client = client;
    this.upstream = upstream;
    this.outcomes = outcomes;
    this.responses = meter.counterBuilder("demo.user.responses")
        .setDescription("Answers to GET /users/{id}, by where they were served from.")
        .build();
  }

  /**
   * Adds {@code GET /users/:id} (and {@code HEAD}, the same without a body), and a {@code 400} for any other
   * {@code GET} under {@code /users/}.
   */
  public void mount(Router router) {
    router.route("/users/:id").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::getUser);
    router.route("/users/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> invalid(ctx, null));
    if (Boolean.getBoolean(UNGUARDED_ROUTE_PROPERTY)) {
      router.get("/users-unguarded/:id").handler(this::getUserUnguarded);
    }
  }

  /**
   * Load tests only ({@code benchmarks/load.sh}): {@code GET /users-unguarded/{id}} answers like {@code /users/{id}}
   * but calls the upstream without the guard, so the guard's cost can be measured. Off unless the JVM is started
   * with {@code -Dfusebox.demo.unguardedRoute=true}.
   */
  private void getUserUnguarded(RoutingContext ctx) {
    String raw = ctx.pathParam("id");
    UserId id = UserId.parse(raw);
    if (id == null) {
      invalid(ctx, raw);
      return;
    }
    client.webClient()
        .get(upstream.port(), upstream.host(), upstream.userPath(id.value()))
        .ssl(upstream.ssl())
        .putHeader(HttpHeaders.ACCEPT.toString(), "application/json")
        .send()
        .onComplete(ar -> {
          if (ar.succeeded()) {
            answer(ctx, id, ar.result());
          } else {
            failed(ctx, id, ar.cause());
          }
        });
  }

  private void getUser(RoutingContext ctx) {
    ctx.put(START_NANOS, System.nanoTime());
    String raw = ctx.pathParam("id");
    UserId id = UserId.parse(raw);
    if (id == null) {
      invalid(ctx, raw);
      return;
    }
    HttpRequest<Buffer> request = client.webClient()
        .get(upstream.port(), upstream.host(), upstream.userPath(id.value()))
        .ssl(upstream.ssl())
        .putHeader(HttpHeaders.ACCEPT.toString(), "application/json");
    client.send(request)
        .onComplete(ar -> {
          if (ar.succeeded()) {
            answer(ctx, id, ar.result());
          } else {
            failed(ctx, id, ar.cause());
          }
        });
  }

  private void answer(RoutingContext ctx, UserId id, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    if (status == 200) {
      JsonObject user = UserResponses.user(response.body());
      if (user != null) {
        sendUser(ctx, id, user, response instanceof StaleResponse ? ServedFrom.CACHE : ServedFrom.UPSTREAM);
      } else {
        // A malformed 200 still standing after the guard: every attempt got one and nothing was remembered.
        fail(ctx, id, Problem.of(503, "The user API answered with a malformed body."));
      }
      return;
    }
    if (status == 404) {
      record(ctx, id, ServedFrom.UPSTREAM, 404);
      ctx.response().putHeader(SERVED_FROM, ServedFrom.UPSTREAM.label());
      Problem.of(404, "No user " + id + ".").send(ctx);
      return;
    }
    // A failure status still standing after retries, with nothing cached; or a status this API never gives.
    fail(ctx, id, Problem.of(503, "The user API answered " + status + "."));
  }

  private void failed(RoutingContext ctx, UserId id, Throwable failure) {
    Problem problem;
    if (failure instanceof CircuitOpenException || failure instanceof RejectedException
        || failure instanceof TimeoutException) {
      problem = Problem.forFailure(failure)
          .orElseGet(() -> Problem.of(failure instanceof TimeoutException ? 504 : 503, failure.getMessage()));
    } else {
      problem = Problem.of(503, "The user API is unavailable: " + failure.getMessage());
    }
    record(ctx, id, ServedFrom.ERROR, problem.status());
    problem.send(ctx);
  }

  private void fail(RoutingContext ctx, UserId id, Problem problem) {
    record(ctx, id, ServedFrom.ERROR, problem.status());
    problem.send(ctx);
  }

  private void sendUser(RoutingContext ctx, UserId id, JsonObject user, ServedFrom from) {
    record(ctx, id, from, 200);
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(SERVED_FROM, from.label())
        .end(user.encode());
  }

  private void invalid(RoutingContext ctx, String raw) {
    String detail = raw == null
        ? "A user path is /users/{id}, the id being 1 to " + UserId.MAX_DIGITS + " digits."
        : "The id must be 1 to " + UserId.MAX_DIGITS + " digits, was \"" + abbreviate(raw) + "\".";
    Problem.of(400, "Invalid user id", detail).send(ctx);
  }

  private void record(RoutingContext ctx, UserId id, ServedFrom from, int status) {
    outcomes.record(id.toString(), from, status);
    Long start = ctx.get(START_NANOS);
    if (start != null) {
      stats.record(from, System.nanoTime() - start);
    }
    responses.add(1, Attributes.of(SERVED_FROM_KEY, from.label()));
  }

  private static String abbreviate(String raw) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < raw.length() && out.length() < 40; i++) {
      char c = raw.charAt(i);
      out.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return raw.length() > 40 ? out + "…" : out.toString();
  }
}
