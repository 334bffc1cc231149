package dev.fusebox.kotlin

import dev.fusebox.testing.Await
import dev.fusebox.testing.ManualClock
import dev.fusebox.vertx.client.FailedResponseException
import dev.fusebox.vertx.client.GuardedWebClient
import dev.fusebox.vertx.web.Problem
import io.vertx.core.Vertx
import io.vertx.core.buffer.Buffer
import io.vertx.core.http.HttpServer
import io.vertx.ext.web.Router
import io.vertx.ext.web.client.HttpResponse
import io.vertx.ext.web.client.WebClient
import io.vertx.kotlin.coroutines.coAwait
import io.vertx.kotlin.coroutines.dispatcher
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

/** The guarded WebClient from coroutines, and guarded coroutine routes answering like `GuardedHandler`. */
class WebTest {

  private val vertx: Vertx = Vertx.vertx()
  private val clock = ManualClock()

  @AfterEach
  fun close() {
    Await.result(vertx.close())
  }

  @Test
  fun `cancelling the coroutine resets the request a hung upstream holds`() = bounded {
    // given a loopback upstream that never answers, and tells when its connection closes
    val received = CompletableDeferred<Unit>()
    val closed = CompletableDeferred<Unit>()
    val upstream = vertx.createHttpServer().requestHandler { request ->
      request.connection().closeHandler { closed.complete(Unit) }
      received.complete(Unit)
    }.listen(0, "127.0.0.1").coAwait()
    val webClient = WebClient.create(vertx)
    val attempts = AtomicInteger()
    val client = GuardedWebClient(vertx, webClient) {
      clock = this@WebTest.clock
      retry { maxAttempts = 3; fixedBackoff(10.milliseconds) }
      circuitBreaker { countWindow(1); minimumCalls = 1 }
      timeout(60.seconds)
    }
    val caller = launch(vertx.dispatcher()) {
      attempts.incrementAndGet()
      client.coSend(client.webClient().get(upstream.actualPort(), "127.0.0.1", "/hang"))
    }
    received.await()
    assertThat(closed.isCompleted).isFalse()
    // when the calling coroutine is cancelled
    caller.cancelAndJoin()
    // then the upstream sees its connection reset long before the guard's timeout, and no retry goes out
    closed.await()
    assertThat(clock.pendingTimers()).isZero()
    assertThat(attempts.get()).isEqualTo(1)
    // and the abandoned request, reset by its caller, is not the upstream's failure
    assertThat(client.breakers().single().metrics().failedCalls()).isZero()
    upstream.close().coAwait()
  }

  @Test
  fun `a coroutine sends through the guard and gets the response, or its fallback`() = bounded {
    val upstream = server { router ->
      router.get("/ok").handler { it.response().end("fine") }
      router.get("/down").handler { it.response().setStatusCode(503).end() }
    }
    val client = GuardedWebClient(vertx, WebClient.create(vertx), "users") { timeout(5.seconds) }
    val ok = client.coSend(client.webClient().get(upstream.actualPort(), "127.0.0.1", "/ok"))
    assertThat(ok.bodyAsString()).isEqualTo("fine")
    // a 503 reaches a fallback (a suspend function) as a FailedResponseException
    var seen: Throwable? = null
    val fellBack: HttpResponse<Buffer> = client.coSend(client.webClient().get(upstream.actualPort(), "127.0.0.1",
      "/down")) { failure ->
      seen = failure
      WebClient.create(vertx).get(upstream.actualPort(), "127.0.0.1", "/ok").send().coAwait()
    }
    assertThat(fellBack.bodyAsString()).isEqualTo("fine")
    assertThat(seen).isInstanceOf(FailedResponseException::class.java)
    // without a fallback the failed response is the answer, as with send()
    val down = client.coSend(client.webClient().get(upstream.actualPort(), "127.0.0.1", "/down"))
    assertThat(down.statusCode()).isEqualTo(503)
  }

  @Test
  fun `a guarded coroutine route answers rejections and timeouts with the Java problem+json`() = bounded {
    // given routes guarded by a forced-open breaker and by a timeout on the manual clock
    val scope = CoroutineScope(SupervisorJob() + vertx.dispatcher())
    val breaker = CircuitBreaker("api") { }
    breaker.forceOpen()
    val open = guard<String>(vertx, "open") { circuitBreaker(breaker) }
    val slow = guard<String>(vertx, "slow") { clock = this@WebTest.clock; timeout(800.milliseconds) }
    val neverAnswered = CompletableDeferred<Unit>()
    val upstream = server { router ->
      router.get("/open").handler(scope.guardedHandler(open, { "unreachable" }) { ctx, v -> ctx.end(v) })
      router.get("/slow").handler(scope.guardedHandler(slow, { neverAnswered.await(); "late" }) { ctx, v ->
        ctx.end(v)
      })
      router.get("/ok").handler(scope.guardedHandler(slow, { ctx -> "hello ${ctx.queryParam("name")[0]}" }) { ctx, v ->
        ctx.end(v)
      })
      router.get("/boom").handler(scope.guardedHandler(slow, { throw IllegalStateException("bug") }) { ctx, v ->
        ctx.end(v)
      })
    }
    val http = WebClient.create(vertx)
    val port = upstream.actualPort()
    // then an open breaker is the 503 GuardedHandler sends
    val rejected = http.get(port, "127.0.0.1", "/open").send().coAwait()
    assertThat(rejected.statusCode()).isEqualTo(503)
    assertThat(rejected.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE)
    assertThat(rejected.bodyAsJsonObject()!!.getString("type")).isEqualTo(Problem.TYPE_CIRCUIT_OPEN)
    // a timeout is the 504
    val timedOut = async(vertx.dispatcher()) {
      http.get(port, "127.0.0.1", "/slow").send().coAwait()
    }
    clock.awaitTimer(java.time.Duration.ofMillis(800), java.time.Duration.ofSeconds(5))
    clock.advance(java.time.Duration.ofMillis(800))
    val answer = timedOut.await()
    assertThat(answer.statusCode()).isEqualTo(504)
    assertThat(answer.bodyAsJsonObject()!!.getString("type")).isEqualTo(Problem.TYPE_TIMEOUT)
    assertThat(answer.bodyAsJsonObject()!!.getString("instance")).isEqualTo("/slow")
    // a success goes to the responder, any other failure to the router's failure handling (500)
    assertThat(http.get(port, "127.0.0.1", "/ok?name=kotlin").send().coAwait().bodyAsString())
      .isEqualTo("hello kotlin")
    assertThat(http.get(port, "127.0.0.1", "/boom").send().coAwait().statusCode()).isEqualTo(500)
    scope.cancel()
  }

  @Test
  fun `a client that goes away cancels the guarded call of its route`() = bounded {
    val scope = CoroutineScope(SupervisorJob() + vertx.dispatcher())
    val guard = guard<String>(vertx, "route") { clock = this@WebTest.clock; timeout(60.seconds) }
    val started = CompletableDeferred<Unit>()
    val hookRan = CompletableDeferred<Unit>()
    val upstream = server { router ->
      router.get("/wait").handler(scope.guardedHandler(guard, {
        currentAttempt()!!.onCancel { hookRan.complete(Unit) }
        started.complete(Unit)
        awaitCancellation()
      }) { ctx, v -> ctx.end(v) })
    }
    // given a request in flight through the guarded route
    val client = vertx.createHttpClient()
    val request = client.request(io.vertx.core.http.HttpMethod.GET, upstream.actualPort(), "127.0.0.1", "/wait")
      .coAwait()
    request.send()
    started.await()
    // when the client closes its connection
    request.connection().close().coAwait()
    // then the guarded call is cancelled, long before the guard's timeout
    hookRan.await()
    scope.cancel()
  }

  private suspend fun server(routes: (Router) -> Unit): HttpServer {
    val router = Router.router(vertx)
    routes(router)
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").coAwait()
  }

  private fun bounded(block: suspend CoroutineScope.() -> Unit) = runBlocking {
    withTimeout(15.seconds) { block() }
  }
}
