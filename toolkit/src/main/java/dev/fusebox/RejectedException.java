package dev.fusebox;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.Map;

/**
 * A call refused by a policy before it ran: an open circuit breaker, a full bulkhead, an exhausted rate limiter, or
 * any user policy's own subtype. Rejections are cheap: they carry no stack trace and are usually shared by every
 * call refused for the same reason. Each says when to come back ({@link #retryAfter()}, for a {@code Retry-After}
 * header) and which HTTP status describes it ({@link #httpStatus()}: 503 when the dependency is unavailable, 429
 * when the caller is over a limit), so route handlers map every rejection, known or not, the same way.
 *
 * <p>An open family: subclass it for a policy of your own with {@code super(policyName, policyKind)}. Instances are
 * immutable as far as callers can tell: stack traces and suppression are disabled (so a shared instance never
 * accumulates state), and the failed futures {@link #failedFuture(Context)} hands out are an idempotent cache.
 */
public abstract class RejectedException extends RuntimeException implements RetryAfterHint {

  private final String policyName;
  private final String policyKind;
  private volatile FutureOnContext cached;

  /** Creates a rejection by the policy {@code policyName} of kind {@code policyKind}. */
  protected RejectedException(String policyName, String policyKind) {
    super(null, null, false, false);
    this.policyName = policyName;
    this.policyKind = policyKind;
  }

  /** The name of the policy that rejected the call. */
  public String policyName() {
    return policyName;
  }

  /** The kind of the policy that rejected the call ({@code circuitBreaker}, {@code bulkhead}, ...). */
  public String policyKind() {
    return policyKind;
  }

  /** How long the caller should wait before trying again; {@link Duration#ZERO} when unknown or now. */
  @Override
  public abstract Duration retryAfter();

  /**
   * The HTTP status that describes this rejection to a remote caller: 503 (the default: the dependency is
   * unavailable) or 429 (the caller is over a limit).
   */
  public int httpStatus() {
    return 503;
  }

  @Override
  public abstract String getMessage();

  /**
   * Attributes that describe the refused call for tracing (set on the call's span), such as the breaker's state;
   * empty by default.
   */
  public Map<String, Object> attributes() {
    return Map.of();
  }

  /**
   * A failed future of this rejection whose listeners run on {@code context} (bound to no context when it is null).
   * The last one made is reused for the same context, so refusing calls on one event loop allocates nothing.
   */
  @SuppressWarnings("unchecked")
  public final <T> Future<T> failedFuture(Context context) {
    FutureOnContext last = cached;
    if (last != null && last.context == context) {
      return (Future<T>) last.future;
    }
    Future<T> made = context == null ? Future.failedFuture(this) : ((ContextInternal) context).failedFuture(this);
    cached = new FutureOnContext(context, made);
    return made;
  }

  private record FutureOnContext(Context context, Future<?> future) {
  }
}
