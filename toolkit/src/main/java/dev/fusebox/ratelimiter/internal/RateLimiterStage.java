package dev.fusebox.ratelimiter.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;
import io.vertx.core.internal.PromiseInternal;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A rate limiter inside a guard: runs the inner stages at once when a token is free, after a timer on the caller's
 * context when the token is due within the maximum wait, or rejects the call with a
 * {@link dev.fusebox.RateLimitedException}.
 *
 * <p>Thread-safe: stateless apart from the shared limiter.
 */
final class RateLimiterStage implements Stage, Reconfigurable {

  private final RateLimiterImpl limiter;
  private final Stage next;
  /** Whether the guard created the limiter for itself (from settings), rather than sharing one passed in. */
  private final boolean owned;

  RateLimiterStage(RateLimiterImpl limiter, Stage next, boolean owned) {
    this.limiter = limiter;
    this.next = next;
    this.owned = owned;
  }

  /** A guard's own limiter takes the new rate in place; a shared one stays, and must be passed again. */
  @Override
  public Policy reconfigure(Policy replacement) {
    if (replacement == limiter) {
      return new CarryOver(limiter, null, false);
    }
    if (owned && replacement instanceof RateLimiterTemplate template) {
      return new CarryOver(limiter, limiter.prepare(template.config()), true);
    }
    throw new ValidationException("limiter", "must stay " + (owned ? "settings of the guard's own rate limiter"
        : "the shared rate limiter '" + limiter.name() + "'") + " at a reload, so its tokens are kept",
        replacement.toString());
  }

  /** Builds the successor stage on the same limiter, changing its rate first when there are new settings. */
  private record CarryOver(RateLimiterImpl limiter, RateLimiterConfig settings, boolean owned) implements Policy {
    @Override
    public String kind() {
      return limiter.kind();
    }

    @Override
    public Stage createStage(PolicyContext context, Stage next) {
      if (settings != null) {
        limiter.apply(settings);
      }
      return limiter.stage(next, owned);
    }
  }

  @Override
  public Object policy() {
    return limiter;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    long delay = limiter.reserve(limiter.clock().nanoTime());
    if (delay == 0) {
      return next.run(execution, scope);
    }
    if (delay < 0) {
      return execution.reject(limiter.rejection(-1 - delay));
    }
    DelayedCall<T> call = new DelayedCall<>(execution, scope);
    call.start(delay);
    return call.promise.future();
  }

  /**
   * A call waiting for its reserved token. The timer and a cancellation of the enclosing scope race for one flag;
   * a cancelled call does not run, and its token is not given back.
   */
  private final class DelayedCall<T> extends AtomicBoolean implements Runnable {
    private final Execution<T> execution;
    private final AttemptScope scope;
    private final PromiseInternal<T> promise;
    private volatile Clock.Cancellable timer;

    DelayedCall(Execution<T> execution, AttemptScope scope) {
      this.execution = execution;
      this.scope = scope;
      this.promise = (PromiseInternal<T>) execution.<T>promise();
    }

    void start(long delayNanos) {
      limiter.waitingStarted();
      timer = limiter.clock().schedule(execution.context(), Duration.ofNanos(delayNanos), this);
      scope.onCancel(this::cancel);
    }

    /** The token is due. */
    @Override
    public void run() {
      if (!compareAndSet(false, true)) {
        return;
      }
      limiter.waitingEnded();
      Future<T> outcome;
      try {
        outcome = next.run(execution, scope);
      } catch (Throwable bug) {
        outcome = Future.failedFuture(bug);
      }
      outcome.onComplete(promise);
    }

    private void cancel() {
      if (!compareAndSet(false, true)) {
        return;
      }
      limiter.waitingEnded();
      Clock.Cancellable scheduled = timer;
      if (scheduled != null) {
        scheduled.cancel();
      }
      promise.tryFail(new CancellationException("rate limiter '" + limiter.name()
          + "': call cancelled while waiting for its token"));
    }
  }
}
