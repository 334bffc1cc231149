package dev.fusebox.vertx.web;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.CircuitOpenException;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.RateLimitedException;
import dev.fusebox.RejectedException;
import dev.fusebox.config.DurationFormat;
import dev.fusebox.fallback.FallbackFailedException;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.client.RetryAfter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.Optional;

/**
 * An RFC 9457 problem detail — {@code type}, {@code title}, {@code status}, {@code detail}, {@code instance} — and
 * its writer, which sends it as {@code application/problem+json}. Guarded route handlers answer rejections and
 * timeouts with it; applications use it for their own errors too:
 *
 * <pre>{@code
 * Problem.of(400, "Invalid user id", "id must be 1 to 64 letters, digits, '-' or '_', was \"../x\"")
 *     .send(ctx);
 * }</pre>
 *
 * <p>{@link #forFailure(Throwable)} maps Fusebox's failures: an open breaker to {@code 503} with {@code Retry-After}
 * (seconds, rounded up, at least 1), a timeout to {@code 504}, a full bulkhead or an exhausted rate limiter to
 * {@code 429} with {@code Retry-After}.
 *
 * <p>Immutable and thread-safe; {@code with...} methods return copies.
 */
public final class Problem {

  /** The media type of problem details. */
  public static final String CONTENT_TYPE = "application/problem+json";
  /** The type of a problem that is no more than its HTTP status (RFC 9457 §4.2.1). */
  public static final String TYPE_BLANK = "about:blank";
  /** The type of a call rejected by an open circuit breaker. */
  public static final String TYPE_CIRCUIT_OPEN = "urn:fusebox:problem:circuit-open";
  /** The type of a call whose guard timed out. */
  public static final String TYPE_TIMEOUT = "urn:fusebox:problem:timeout";
  /** The type of a call rejected by a full bulkhead. */
  public static final String TYPE_BULKHEAD_FULL = "urn:fusebox:problem:bulkhead-full";
  /** The type of a call rejected by a rate limiter. */
  public static final String TYPE_RATE_LIMITED = "urn:fusebox:problem:rate-limited";
  /** Type prefix of the rejections of any other policy, followed by its kind ({@code ...:rejected:killSwitch}). */
  public static final String TYPE_REJECTED_PREFIX = "urn:fusebox:problem:rejected:";

  private final String type;
  private final String title;
  private final int status;
  private final String detail;
  private final String instance;
  private final Duration retryAfter;

  private Problem(String type, String title, int status, String detail, String instance, Duration retryAfter) {
    this.type = type;
    this.title = title;
    this.status = status;
    this.detail = detail;
    this.instance = instance;
    this.retryAfter = retryAfter;
  }

  /**
   * A problem of type {@value #TYPE_BLANK} with {@code status}, {@code title} and {@code detail}.
   *
   * @throws IllegalArgumentException if {@code status} is not in 400..599 or {@code title} is blank
   */
  public static Problem of(int status, String title, String detail) {
    return new Problem(TYPE_BLANK, checkTitle(title), checkStatus(status), detail, null, null);
  }

  /** A problem of type {@value #TYPE_BLANK} titled with the standard reason phrase of {@code status}. */
  public static Problem of(int status, String detail) {
    checkStatus(status);
    return new Problem(TYPE_BLANK, HttpResponseStatus.valueOf(status).reasonPhrase(), status, detail, null, null);
  }

  /**
   * The problem a Fusebox failure means for an HTTP caller, or empty for any other failure: an open breaker is
   * {@code 503}, a timeout {@code 504}, a bulkhead or rate-limit rejection {@code 429}, and the rejection of any
   * other policy — a user's own included — has the status of its {@link RejectedException#httpStatus()} hint;
   * rejections carry their {@code Retry-After}. A {@link FallbackFailedException} is answered for the failure of
   * its fallback.
   */
  public static Optional<Problem> forFailure(Throwable failure) {
    if (failure instanceof CircuitOpenException open) {
      String breaker = "The circuit breaker '" + open.policyName() + "'";
      String detail = switch (open.state()) {
        case FORCED_OPEN -> breaker + " was forced open; calls are refused until it is reset.";
        case HALF_OPEN -> breaker + " is half-open and all its probe calls are in flight; retry after "
            + seconds(open) + " s.";
        default -> breaker + " is open after too many failures; calls are refused to let the dependency"
            + " recover. Retry after " + seconds(open) + " s.";
      };
      return Optional.of(new Problem(TYPE_CIRCUIT_OPEN, "Service Unavailable", 503, detail, null,
          open.retryAfter()));
    }
    if (failure instanceof GuardTimeoutException timeout) {
      return Optional.of(new Problem(TYPE_TIMEOUT, "Gateway Timeout", 504,
          "The guard '" + timeout.guardName() + "' gave up after "
              + DurationFormat.format(timeout.timeout()) + " without an answer.", null, null));
    }
    if (failure instanceof BulkheadFullException full) {
      String detail = full.queueTimedOut()
          ? "The bulkhead '" + full.policyName() + "' found no free slot within its maximum wait ("
              + full.maxConcurrentCalls() + " concurrent calls)."
          : "The bulkhead '" + full.policyName() + "' is full: " + full.maxConcurrentCalls()
              + " concurrent calls and " + full.maxQueued() + " waiting.";
      return Optional.of(new Problem(TYPE_BULKHEAD_FULL, "Too Many Requests", 429, detail, null,
          full.retryAfter()));
    }
    if (failure instanceof RateLimitedException limited) {
      return Optional.of(new Problem(TYPE_RATE_LIMITED, "Too Many Requests", 429,
          "The rate limiter '" + limited.policyName() + "' has no permit left; retry after " + seconds(limited)
              + " s.", null, limited.retryAfter()));
    }
    if (failure instanceof RejectedException rejected) {
      // Any other policy's rejection, a user's own included: its status hint decides.
      int status = rejected.httpStatus() >= 400 && rejected.httpStatus() <= 599 ? rejected.httpStatus() : 503;
      return Optional.of(new Problem(TYPE_REJECTED_PREFIX + rejected.policyKind(),
          HttpResponseStatus.valueOf(status).reasonPhrase(), status, rejected.getMessage(), null,
          rejected.retryAfter()));
    }
    if (failure instanceof FallbackFailedException fallbackFailed) {
      return forFailure(fallbackFailed.getCause());
    }
    return Optional.empty();
  }

  private static long seconds(RejectedException rejection) {
    return RetryAfter.headerSeconds(rejection.retryAfter());
  }

  /** A copy with {@code type}, a URI reference identifying the kind of problem. */
  public Problem withType(String type) {
    return new Problem(Require.name(type, "type"), title, status, detail, instance, retryAfter);
  }

  /** A copy with {@code instance}, a URI reference for this occurrence (the request path, say). */
  public Problem withInstance(String instance) {
    return new Problem(type, title, status, detail, instance, retryAfter);
  }

  /** A copy that also sends {@code Retry-After} (seconds, rounded up, at least 1). */
  public Problem withRetryAfter(Duration retryAfter) {
    return new Problem(type, title, status, detail, instance, Require.nonNegative(retryAfter, "retryAfter"));
  }

  /** The problem type URI. */
  public String type() {
    return type;
  }

  /** The short, human-readable summary of the problem type. */
  public String title() {
    return title;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }

  /** The explanation of this occurrence, or null. */
  public String detail() {
    return detail;
  }

  /** The URI reference of this occurrence, or null. */
  public String instance() {
    return instance;
  }

  /** The delay to send as {@code Retry-After}, if any. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** The problem as JSON: the members that are set, in RFC order. */
  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("type", type).put("title", title).put("status", status);
    if (detail != null) {
      json.put("detail", detail);
    }
    if (instance != null) {
      json.put("instance", instance);
    }
    return json;
  }

  /**
   * Sends the problem as the response of {@code ctx}; {@code instance} defaults to the request's path. Does
   * nothing, and returns a succeeded future, if the response head was already written.
   */
  public Future<Void> send(RoutingContext ctx) {
    Problem p = instance == null ? withInstance(ctx.request().path()) : this;
    return p.send(ctx.response());
  }

  /** Sends the problem as {@code response}, with {@code Retry-After} when set. */
  public Future<Void> send(HttpServerResponse response) {
    if (response.headWritten()) {
      return Future.succeededFuture();
    }
    response.setStatusCode(status).putHeader("Content-Type", CONTENT_TYPE);
    if (retryAfter != null) {
      response.putHeader("Retry-After", Long.toString(RetryAfter.headerSeconds(retryAfter)));
    }
    return response.end(toJson().encode());
  }

  @Override
  public String toString() {
    return "Problem" + toJson().encode();
  }

  private static int checkStatus(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status must be in [400, 599], was " + status);
    }
    return status;
  }

  private static String checkTitle(String title) {
    return Require.name(title, "title");
  }
}
