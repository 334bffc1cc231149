package dev.fusebox.kotlin

import dev.fusebox.vertx.client.GuardedWebClient
import dev.fusebox.vertx.web.Problem
import io.vertx.core.Future
import io.vertx.core.Handler
import io.vertx.core.buffer.Buffer
import io.vertx.ext.web.RoutingContext
import io.vertx.ext.web.client.HttpRequest
import io.vertx.ext.web.client.HttpResponse

import io.vertx.kotlin.coroutines.dispatcher
import java.util.function.Function
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch

/**
 * Sends [request] through the guard of its authority, suspending until the guard is done: the coroutine form of
 * [GuardedWebClient.send]. **Cancelling the calling coroutine resets the HTTP request** in flight and starts no
 * retry; a response whose status is a failure arrives as a response once the guard is done with it.
 *
 * [fallback], when given, receives the failures the client's template selects (failed responses as
 * `FailedResponseException`), and runs as a coroutine on the caller's context.
 */
public suspend fun GuardedWebClient.coSend(
  request: HttpRequest<Buffer>,
  fallback: (suspend (Throwable) -> HttpResponse<Buffer>)? = null,
): HttpResponse<Buffer> {
  val context = callerContext(guard(request.host(), request.port()).vertx())
  return awaitCall { scope ->
    start(request, fallback?.let { fb ->
      Function<Throwable, Future<HttpResponse<Buffer>>> { failure -> scope.future(context, null) { fb(failure) } }
    })
  }
}

/**
 * A route handler that runs [operation] through [guard] as a coroutine of this scope (a `CoroutineVerticle`, say)
 * for each request and hands a success to [responder] — the coroutine form of `GuardedHandler.of`: a Fusebox
 * rejection or timeout becomes the same `application/problem+json` answer (`503` + `Retry-After` for an open
 * breaker, `504` for a timeout, `429` for a full bulkhead or rate limiter), any other failure `ctx.fail(failure)`.
 * When the client's connection closes before the response ended, the request's coroutine is cancelled, and with it
 * the guarded call.
 *
 * ```kotlin
 * router.get("/users/:id").handler(guardedHandler(users, { ctx -> api.fetch(ctx.pathParam("id")!!).coAwait() }) { ctx, user ->
 *     ctx.json(user)
 * })
 * ```
 */
public fun <T> CoroutineScope.guardedHandler(
  guard: dev.fusebox.Guard<T>,
  operation: suspend (RoutingContext) -> T,
  responder: suspend (RoutingContext, T) -> Unit,
): Handler<RoutingContext> = Handler { ctx ->
  val job = launch(ctx.vertx().dispatcher()) {
    val value = try {
      guard.coExecute { operation(ctx) }
    } catch (e: kotlin.coroutines.cancellation.CancellationException) {
      throw e
    } catch (failure: Throwable) {
      fail(ctx, failure)
      return@launch
    }
    try {
      responder(ctx, value)
    } catch (e: kotlin.coroutines.cancellation.CancellationException) {
      throw e
    } catch (failure: Throwable) {
      fail(ctx, failure)
    }
  }
  // The client went away before its answer: nobody waits for the guarded call, so it is cancelled (its attempt's
  // hooks run; a guarded WebClient request upstream is reset).
  ctx.addEndHandler { ended -> if (ended.failed()) job.cancel() }
}

/** As `GuardedHandler` answers a failure: its problem response, else the router's failure handlers. */
private fun fail(ctx: RoutingContext, failure: Throwable) {
  if (ctx.response().headWritten()) {
    return
  }
  val problem = Problem.forFailure(failure)
  if (problem.isPresent) {
    problem.get().send(ctx)
  } else {
    ctx.fail(failure)
  }
}

/**
 * Guards [webClient] with [template], the guard DSL applied to the guard of each upstream authority:
 * `GuardedWebClient.create(vertx, name, webClient, g -> ...)` in Java.
 */
public inline fun GuardedWebClient(
  vertx: io.vertx.core.Vertx,
  webClient: io.vertx.ext.web.client.WebClient,
  name: String = GuardedWebClient.DEFAULT_NAME,
  crossinline template: GuardBuilder<HttpResponse<Buffer>>.() -> Unit,
): GuardedWebClient = GuardedWebClient.create(vertx, name, webClient, guardTemplate(template))
