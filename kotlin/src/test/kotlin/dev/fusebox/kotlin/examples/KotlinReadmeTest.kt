package dev.fusebox.kotlin.examples

import dev.fusebox.CircuitOpenException
import dev.fusebox.Guard
import dev.fusebox.circuitbreaker.CircuitBreaker
import dev.fusebox.kotlin.circuitBreaker
import dev.fusebox.kotlin.coExecute
import dev.fusebox.kotlin.fallback
import dev.fusebox.kotlin.guard
import dev.fusebox.kotlin.retry
import dev.fusebox.kotlin.timeout
import dev.fusebox.testing.Await
import io.vertx.core.Future
import io.vertx.core.Vertx
import io.vertx.kotlin.coroutines.coAwait
import io.vertx.kotlin.coroutines.dispatcher
import java.io.IOException
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeoutException
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

/** The README's Kotlin snippet — the issue's, with the final names — compiled and run. */
class KotlinReadmeTest {

  data class User(val id: String, val name: String)

  /** A user API that answers until it is told to fail. */
  class UserApi {
    val down = AtomicBoolean()

    fun fetch(id: String): Future<User> = if (down.get()) {
      Future.failedFuture(IOException("user api down"))
    } else {
      Future.succeededFuture(User(id, "user $id"))
    }
  }

  /** A cache filled by successful calls. */
  class Cache {
    private val users = ConcurrentHashMap<String, User>()

    fun put(user: User) {
      users[user.id] = user
    }

    suspend fun lookup(id: String): User = users[id] ?: throw IOException("no cached user $id")
  }

  private val vertx = Vertx.vertx()
  private val api = UserApi()
  private val cache = Cache()

  @AfterEach
  fun close() {
    Await.result(vertx.close())
  }

  @Test
  fun `the README's guard compiles, runs, and falls back to the cache when the breaker opens`(): Unit = runBlocking {
    withTimeout(10.seconds) {
      withContext(vertx.dispatcher()) {
        val id = "42"
        // README-KOTLIN-GUARD-BEGIN
        val users = guard<User>(vertx, "user-api") {
            fallback { on<CircuitOpenException>(); on<TimeoutException>() }
            retry { maxAttempts = 3; exponentialBackoff(50.milliseconds, 1.seconds); jitter = 0.5 }
            circuitBreaker { failureRate = 0.5; minimumCalls = 20; window = 10.seconds; openFor = 30.seconds }
            timeout(800.milliseconds)
        }
        val user: User = users.coExecute(fallback = { cache.lookup(id) }) { api.fetch(id).coAwait() }
        // README-KOTLIN-GUARD-END
        assertThat(user).isEqualTo(User("42", "user 42"))
        cache.put(user)

        // when the upstream goes down and the breaker is open, the per-call fallback serves the cache
        api.down.set(true)
        breakerOf(users).forceOpen()
        val cached = users.coExecute(fallback = { cache.lookup(id) }) { api.fetch(id).coAwait() }
        assertThat(cached).isEqualTo(user)
        // an IOException is not one the fallback selects: it reaches the caller after the retries
        breakerOf(users).reset()
        val failure = runCatching { users.coExecute { api.fetch(id).coAwait() } }.exceptionOrNull()
        assertThat(failure).isInstanceOf(IOException::class.java)
      }
    }
  }

  private fun breakerOf(guard: Guard<*>): CircuitBreaker = guard.policies().filterIsInstance<CircuitBreaker>().single()
}
