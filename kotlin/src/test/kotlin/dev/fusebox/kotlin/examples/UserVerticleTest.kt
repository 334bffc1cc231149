package dev.fusebox.kotlin.examples

import dev.fusebox.circuitbreaker.CircuitBreaker
import dev.fusebox.testing.Await
import dev.fusebox.vertx.web.Problem
import io.vertx.core.Vertx
import io.vertx.ext.web.client.WebClient
import io.vertx.kotlin.coroutines.coAwait
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

/** The README's CoroutineVerticle example, deployed and called over loopback HTTP. */
class UserVerticleTest {

  private val vertx = Vertx.vertx()

  @AfterEach
  fun close() {
    Await.result(vertx.close())
  }

  @Test
  fun `the verticle answers through its guard, and with a 503 problem while the breaker is open`(): Unit = runBlocking {
    withTimeout(10.seconds) {
      val verticle = UserVerticle(KotlinReadmeTest.UserApi())
      vertx.deployVerticle(verticle).coAwait()
      val port = verticle.port
      val http = WebClient.create(vertx)
      val ok = http.get(port, "127.0.0.1", "/users/7").send().coAwait()
      assertThat(ok.statusCode()).isEqualTo(200)
      assertThat(ok.bodyAsJsonObject()!!.getString("name")).isEqualTo("user 7")

      breaker(verticle).forceOpen()
      val open = http.get(port, "127.0.0.1", "/users/7").send().coAwait()
      assertThat(open.statusCode()).isEqualTo(503)
      assertThat(open.getHeader("Content-Type")).isEqualTo(Problem.CONTENT_TYPE)
      assertThat(open.getHeader("Retry-After")).isNotNull()
    }
  }

  private fun breaker(verticle: UserVerticle): CircuitBreaker =
    verticle.users.policies().filterIsInstance<CircuitBreaker>().single()
}
