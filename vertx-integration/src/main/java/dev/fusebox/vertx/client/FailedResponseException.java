package dev.fusebox.vertx.client;

import dev.fusebox.RetryAfterHint;
import io.vertx.core.buffer.Buffer;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;

/**
 * An HTTP response that a {@link GuardedWebClient} classified as a failure (by default a {@code 5xx} or a
 * {@code 429}), travelling through the guard as a failure so that the circuit breaker counts it, a retry retries it
 * and a fallback can replace it.
 *
 * <p>Callers of {@link GuardedWebClient#send} rarely see it: when it is still the outcome after the guard (retries
 * exhausted, no fallback), the client hands the response itself back as a successful result. A per-call fallback,
 * a guard fallback selecting it, and retry delay hints do receive it, with the response attached.
 *
 * <p>Immutable as far as this class goes (the response's body buffer belongs to the caller); carries no stack trace.
 */
public final class FailedResponseException extends RuntimeException implements RetryAfterHint {

  private final String authority;
  private final transient HttpResponse<Buffer> response;

  /** Wraps {@code response}, received from {@code authority} ({@code host:port}). */
  public FailedResponseException(String authority, HttpResponse<Buffer> response) {
    super(null, null, false, false);
    this.authority = authority;
    this.response = response;
  }

  /** The upstream that answered, as {@code host:port}. */
  public String authority() {
    return authority;
  }

  /** The response as received. */
  public HttpResponse<Buffer> response() {
    return response;
  }

  /** The response's status code. */
  public int statusCode() {
    return response.statusCode();
  }

  /**
   * The delay the upstream asked for in its {@code Retry-After} header, or {@link Duration#ZERO} when it sent no
   * valid one or its status is neither {@code 429} nor {@code 503} (the statuses for which HTTP defines it). A retry
   * never retries sooner than this, and stops when it is longer than the retry may wait.
   */
  @Override
  public Duration retryAfter() {
    int status = response.statusCode();
    return status == 429 || status == 503 ? RetryAfter.of(response).orElse(Duration.ZERO) : Duration.ZERO;
  }

  @Override
  public String getMessage() {
    String reason = response.statusMessage();
    if (reason == null || reason.isEmpty()) {
      reason = HttpResponseStatus.valueOf(response.statusCode()).reasonPhrase();
    }
    return "upstream " + authority + " answered " + response.statusCode() + " " + reason;
  }
}
