package dev.fusebox.vertx.web;

import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.web.internal.ResponseStatusFailure;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Vert.x Web route handlers run through a guard. When the guard refuses or abandons the call, the client gets an
 * RFC 9457 {@code application/problem+json} answer ({@link Problem#forFailure}): {@code 503} with
 * {@code Retry-After} for an open breaker, {@code 504} for a timeout, {@code 429} for a full bulkhead or an exhausted
 * rate limiter. Other failures go to the router's failure handlers through {@code ctx.fail(failure)}.
 *
 * <pre>{@code
 * // the handler computes a value, the guard protects it, a responder writes it
 * router.get("/report").handler(GuardedHandler.of(reportGuard,
 *     ctx -> reports.build(ctx.queryParam("day")),
 *     (ctx, report) -> ctx.json(report)));
 *
 * // or an existing handler that writes its own response
 * router.post("/orders").handler(GuardedHandler.wrap(ordersGuard, ordersHandler));
 * }</pre>
 *
 * <p>With {@link #wrap}, the guarded call lasts until the response has ended: a breaker sees a {@code 5xx} status,
 * or a connection closed before the end, as a failure. Because the handler writes the response itself, a retry
 * policy must not be part of that guard (the handler would run twice), and a handler outliving the guard's timeout
 * finds the response already sent ({@code ctx.response().ended()}) and should stop.
 *
 * <p>Thread-safe: the returned handlers hold only immutable state.
 */
public final class GuardedHandler {

  private GuardedHandler() {
  }

  /**
   * Runs {@code operation} through {@code guard} for each request and hands a success to {@code responder}; a
   * Fusebox rejection or timeout becomes a problem response, any other failure {@code ctx.fail(failure)}.
   */
  public static <T> Handler<RoutingContext> of(Guard<T> guard, Function<RoutingContext, Future<T>> operation,
      BiConsumer<RoutingContext, T> responder) {
    Require.nonNull(guard, "guard");
    Require.nonNull(operation, "operation");
    Require.nonNull(responder, "responder");
    return ctx -> guard.execute(() -> operation.apply(ctx)).onComplete((value, failure) -> {
      if (failure != null) {
        fail(ctx, failure);
        return;
      }
      try {
        responder.accept(ctx, value);
      } catch (RuntimeException e) {
        fail(ctx, e);
      }
    });
  }

  /**
   * Runs {@code handler} through {@code guard} for each request; the guarded call completes when the response has
   * ended, and fails when it ended with a {@code 5xx} status or the connection closed first.
   *
   * @throws ValidationException if the guard repeats calls (a retry, a hedge): the handler would run twice
   */
  public static Handler<RoutingContext> wrap(Guard<Void> guard, Handler<RoutingContext> handler) {
    Require.nonNull(guard, "guard");
    Require.nonNull(handler, "handler");
    for (Policy policy : guard.composition()) {
      if (policy.traits().contains(Policy.Trait.REPEATS)) {
        throw new ValidationException("guard '" + guard.name() + "'", "must not " + policy.kind()
            + " in GuardedHandler.wrap: the handler writes the response itself, so a second attempt runs it (and its"
            + " side effects) twice; use GuardedHandler.of(guard, operation, responder), whose operation may be"
            + " retried, or a guard without " + policy.kind(), policy.kind());
      }
    }
    return ctx -> guard.execute(() -> {
      Promise<Void> ended = Promise.promise();
      ctx.addEndHandler(ar -> {
        if (ar.failed()) {
          ended.tryFail(ar.cause());
        } else if (ctx.response().getStatusCode() >= 500) {
          ended.tryFail(new ResponseStatusFailure(ctx.response().getStatusCode()));
        } else {
          ended.tryComplete();
        }
      });
      handler.handle(ctx);
      return ended.future();
    }).onFailure(failure -> {
      if (!(failure instanceof ResponseStatusFailure)) {
        fail(ctx, failure);
      }
    });
  }

  /**
   * A failure handler ({@code router.route().failureHandler(...)}) that answers Fusebox rejections and timeouts
   * reaching {@code ctx.fail} with their problem response, and passes every other failure on.
   */
  public static Handler<RoutingContext> failureHandler() {
    return ctx -> {
      Optional<Problem> problem = ctx.failure() == null ? Optional.empty() : Problem.forFailure(ctx.failure());
      if (problem.isPresent() && !ctx.response().headWritten()) {
        problem.get().send(ctx);
      } else {
        ctx.next();
      }
    };
  }

  private static void fail(RoutingContext ctx, Throwable failure) {
    if (ctx.response().headWritten()) {
      return;
    }
    Optional<Problem> problem = Problem.forFailure(failure);
    if (problem.isPresent()) {
      problem.get().send(ctx);
    } else {
      ctx.fail(failure);
    }
  }
}
