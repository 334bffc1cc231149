package dev.fusebox.kotlin

import dev.fusebox.stale.StaleMetrics
import dev.fusebox.testing.Await
import dev.fusebox.testing.ManualClock
import io.vertx.core.Vertx
import io.vertx.kotlin.coroutines.dispatcher
import java.io.IOException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

/** The stale-value policy from Kotlin: the DSL, a keyed `coExecute`, coalescing of concurrent coroutines. */
class StaleTest {

  private val vertx: Vertx = Vertx.vertx()
  private val clock = ManualClock()

  @AfterEach
  fun close() {
    Await.result(vertx.close())
  }

  @Test
  fun `a keyed coExecute is served stale after a failure and concurrent ones share one call`(): Unit = runBlocking {
    withTimeout(10.seconds) {
      val names = StaleValue<String>("names") {
        maxStaleness = 10.minutes
        on<IOException>()
        asStale { name, age -> "$name (${age.inWholeSeconds} s old)" }
      }
      val guard = guard<String>(vertx, "users") {
        clock = this@StaleTest.clock
        stale(names)
      }
      val calls = AtomicInteger()
      val upstream = CompletableDeferred<String>()

      // ten coroutines ask for user 7 at once: one call
      val answers = (1..10).map {
        async(vertx.dispatcher()) {
          guard.coExecute(7) {
            calls.incrementAndGet()
            upstream.await()
          }
        }
      }
      while (names.metrics().coalesced() < 9) {
        yield()
      }
      upstream.complete("Ada")
      assertThat(answers.awaitAll()).containsOnly("Ada")
      assertThat(calls).hasValue(1)

      // a failure 30 s later is answered with the remembered name, marked
      clock.advance(java.time.Duration.ofSeconds(30))
      val stale = async(vertx.dispatcher()) { guard.coExecute(7) { throw IOException("down") } }.await()
      assertThat(stale).isEqualTo("Ada (30 s old)")
      assertThat(names.metrics()).isEqualTo(StaleMetrics(1, 1, 0, 9, 1))
    }
  }

  @Test
  fun `stale settings are validated by the Java spec`() {
    assertThatThrownBy {
      guard<String>(vertx, "users") { stale { maxEntries = 0 } }
    }.hasMessage("maxEntries must be >= 1, was 0")
  }

  @Test
  fun `serveStaleAfter answers a hanging coExecute from the cache once its call has ended`(): Unit = runBlocking {
    withTimeout(10.seconds) {
      val names = StaleValue<String>("names") { serveStaleAfter = 500.milliseconds }
      val guard = guard<String>(vertx, "users") {
        clock = this@StaleTest.clock
        stale(names)
        timeout(1.seconds)
      }
      async(vertx.dispatcher()) { guard.coExecute(7) { "Ada" } }.await()

      val hanging = async(vertx.dispatcher()) { guard.coExecute(7) { CompletableDeferred<String>().await() } }
      while (clock.pendingTimers() < 2) {
        yield()
      }
      clock.advance(java.time.Duration.ofMillis(500))
      // answered from the cache at 500 ms; coExecute returns once the call's coroutine has ended (at the timeout)
      while (names.metrics().servedStale() < 1) {
        yield()
      }
      assertThat(hanging.isCompleted).isFalse()
      clock.advance(java.time.Duration.ofMillis(500))
      assertThat(hanging.await()).isEqualTo("Ada")
      assertThat(names.metrics().servedStale()).isEqualTo(1)
    }
    assertThatThrownBy {
      StaleValue<String>("n") {
        serveStaleAfter = 1.seconds
        serveStaleAfter = null
      }
    }.hasMessage("serveStaleAfter cannot be unset once given")
    assertThatThrownBy { StaleValue<String>("n") { serveStaleAfter = 0.seconds } }
      .hasMessageContaining("serveStaleAfter")
  }
}
