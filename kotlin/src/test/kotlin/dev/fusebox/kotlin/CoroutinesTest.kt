package dev.fusebox.kotlin

import dev.fusebox.Guard
import dev.fusebox.GuardSpec
import dev.fusebox.GuardTimeoutException
import dev.fusebox.testing.Await
import dev.fusebox.testing.ManualClock
import io.vertx.core.Context
import io.vertx.core.DeploymentOptions
import io.vertx.core.Future
import io.vertx.core.ThreadingModel
import io.vertx.core.Vertx
import io.vertx.kotlin.coroutines.CoroutineVerticle
import io.vertx.kotlin.coroutines.coAwait
import io.vertx.kotlin.coroutines.dispatcher
import java.io.IOException
import java.time.Duration.ofMillis
import java.time.Duration.ofSeconds
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.EnumSource

/** Suspend execution: cancellation both ways, the caller's context, no job left behind, fallbacks, flows. */
class CoroutinesTest {

  private val vertx: Vertx = Vertx.vertx()
  private val clock = ManualClock()

  @AfterEach
  fun close() {
    Await.result(vertx.close())
  }

  @Test
  fun `cancelling the calling coroutine cancels the attempt, runs its hooks and starts no retry`() = bounded {
    // given a retrying guard whose timeout is far away, and a block that waits forever
    val guard = guard<String>(vertx, "cancel-me") {
      clock = this@CoroutinesTest.clock
      retry { maxAttempts = 3; fixedBackoff(10.milliseconds) }
      timeout(1.hours)
    }
    val attempts = AtomicInteger()
    val started = CompletableDeferred<Unit>()
    val hookRan = CompletableDeferred<Int>()
    val blockCancelled = CompletableDeferred<Throwable>()
    val caller = launch(vertx.dispatcher()) {
      guard.coExecute {
        attempts.incrementAndGet()
        val attempt = currentAttempt()!!
        attempt.onCancel { hookRan.complete(attempt.number()) }
        started.complete(Unit)
        try {
          awaitCancellation()
        } catch (e: kotlin.coroutines.cancellation.CancellationException) {
          blockCancelled.complete(e)
          throw e
        }
      }
    }
    started.await()
    clock.awaitTimer(java.time.Duration.ofHours(1), ofSeconds(5))
    // when the caller is cancelled
    caller.cancelAndJoin()
    // then the attempt's hook ran, the block's coroutine was cancelled, the timeout was called off, no retry came
    assertThat(hookRan.await()).isEqualTo(1)
    assertThat(blockCancelled.await()).isInstanceOf(kotlin.coroutines.cancellation.CancellationException::class.java)
    clock.advance(ofSeconds(10))
    Await.on(vertx.orCreateContext) { }
    assertThat(attempts.get()).isEqualTo(1)
    assertThat(clock.pendingTimers()).isZero()
  }

  @Test
  fun `a guard timeout cancels the block's coroutine and the caller gets the timeout`() = bounded {
    val guard = guard<String>(vertx, "slow") {
      clock = this@CoroutinesTest.clock
      timeout(800.milliseconds)
    }
    val blockCancelled = CompletableDeferred<Throwable>()
    val result = async(vertx.dispatcher()) {
      runCatching {
        guard.coExecute {
          try {
            awaitCancellation()
          } catch (e: kotlin.coroutines.cancellation.CancellationException) {
            blockCancelled.complete(e)
            throw e
          }
        }
      }
    }
    // when the guard's timer expires
    clock.awaitTimer(ofMillis(800), ofSeconds(5))
    clock.advance(ofMillis(800))
    // then the caller has the guard's timeout and the block was cancelled
    assertThat(result.await().exceptionOrNull()).isInstanceOf(GuardTimeoutException::class.java)
      .hasMessage("guard 'slow' timed out after 800ms")
    assertThat(blockCancelled.await().message).isEqualTo("attempt 1 was cancelled by its guard")
  }

  @Test
  fun `a nested guarded call sees its own attempt, and the outer one its own`() = bounded {
    val outer = guard<String>(vertx, "outer") { retry { maxAttempts = 2; fixedBackoff(1.milliseconds) } }
    val inner = guard<String>(vertx, "inner") { }
    val tries = AtomicInteger()
    val seen = outer.coExecute {
      val mine = currentAttempt()!!.number()
      val nested = inner.coExecute { "inner ${currentAttempt()!!.number()}" }
      if (tries.incrementAndGet() == 1) throw IOException("once")
      "outer $mine, $nested"
    }
    assertThat(seen).isEqualTo("outer 2, inner 1")
  }

  @Test
  fun `a hedge's losing attempt has its coroutine cancelled`() = bounded {
    val guard = guard<String>(vertx, "hedged") {
      clock = this@CoroutinesTest.clock
      hedge { maxHedgedAttempts = 1; delay = 100.milliseconds }
    }
    val loserCancelled = CompletableDeferred<Int>()
    val result = async(vertx.dispatcher()) {
      guard.coExecute {
        val attempt = currentAttempt()!!
        if (attempt.number() == 1) {
          try {
            awaitCancellation()
          } catch (e: kotlin.coroutines.cancellation.CancellationException) {
            loserCancelled.complete(attempt.number())
            throw e
          }
        }
        "hedge ${attempt.number()} won"
      }
    }
    clock.awaitTimer(ofMillis(100), ofSeconds(5))
    clock.advance(ofMillis(100))
    assertThat(result.await()).isEqualTo("hedge 2 won")
    assertThat(loserCancelled.await()).isEqualTo(1)
  }

  @Test
  fun `no coroutine outlives the call, a timed-out block's cleanup is over before the caller resumes`() = bounded {
    val guard = guard<String>(vertx, "tidy") {
      clock = this@CoroutinesTest.clock
      timeout(500.milliseconds)
    }
    val cleanedUp = AtomicInteger()
    val outcome = async(vertx.dispatcher()) {
      val failure = runCatching {
        guard.coExecute<String> {
          try {
            awaitCancellation()
          } finally {
            withContext(NonCancellable) { delay(50) }
            cleanedUp.incrementAndGet()
          }
        }
      }.exceptionOrNull()
      failure to cleanedUp.get()
    }
    clock.awaitTimer(ofMillis(500), ofSeconds(5))
    clock.advance(ofMillis(500))
    val (failure, cleanupsSeen) = outcome.await()
    assertThat(failure).isInstanceOf(GuardTimeoutException::class.java)
    assertThat(cleanupsSeen).isEqualTo(1)
  }

  enum class Threading { EVENT_LOOP, WORKER }

  @ParameterizedTest
  @EnumSource(Threading::class)
  fun `the block runs on the caller's context and the caller resumes there, after retries and fallbacks`(
    threading: Threading,
  ) = bounded {
    val guard = guard<String>(vertx, "ctx") {
      fallback { on<IOException>() }
      retry { maxAttempts = 3; fixedBackoff(1.milliseconds) }
    }
    val seen = CompletableDeferred<List<Boolean>>()
    val verticle = object : CoroutineVerticle() {
      override suspend fun start() {
        launch {
          val mine: Context = Vertx.currentContext()!!
          val checks = mutableListOf<Boolean>()
          val tries = AtomicInteger()
          val value = guard.coExecute(fallback = { failure ->
            checks += Vertx.currentContext() == mine
            "fallback after ${failure.message}"
          }) {
            checks += Vertx.currentContext() == mine
            throw IOException("try ${tries.incrementAndGet()}")
          }
          checks += Vertx.currentContext() == mine
          checks += value == "fallback after try 3"
          seen.complete(checks)
        }
      }
    }
    val id = vertx.deployVerticle(verticle, DeploymentOptions().setThreadingModel(
      if (threading == Threading.WORKER) ThreadingModel.WORKER else ThreadingModel.EVENT_LOOP)).coAwait()
    assertThat(seen.await()).hasSize(6).containsOnly(true)
    vertx.undeploy(id).coAwait()
  }

  @Test
  fun `off any Vert_x context the block runs on a context of the guard's Vert_x`() = bounded {
    val guard = guard<String>(vertx, "off") { }
    val context = guard.coExecute { Vertx.currentContext()?.owner().toString() }
    assertThat(context).isEqualTo(vertx.toString())
  }

  @Test
  fun `a failure of the block reaches the caller as itself`() = bounded {
    val guard = guard<String>(vertx, "fails") { retry { maxAttempts = 2; fixedBackoff(1.milliseconds) } }
    val failure = runCatching { guard.coExecute<String> { throw IOException("down") } }.exceptionOrNull()
    assertThat(failure).isInstanceOf(IOException::class.java).hasMessage("down")
  }

  @Test
  fun `a flow's emissions are guarded one by one`() = bounded {
    val tries = AtomicInteger()
    val guard = guard<Int>(vertx, "flow") { retry { maxAttempts = 2; fixedBackoff(1.milliseconds) } }
    val doubled = flowOf(1, 2, 3).guardEach(guard) { value ->
      if (value == 2 && tries.getAndIncrement() == 0) throw IOException("once") else value * 2
    }.toList()
    assertThat(doubled).containsExactly(2, 4, 6)
    assertThat(tries.get()).isEqualTo(2)
  }

  @Test
  fun `the Java API reads plainly from Kotlin`() = bounded {
    // one execute shape per lambda: a lambda returning a Future is execute(Supplier), never ambiguous
    val javaGuard: Guard<String> = Guard.of(vertx, "p1") { it.timeout(ofSeconds(1)) }
    assertThat(javaGuard.execute { Future.succeededFuture("x") }.coAwait()).isEqualTo("x")
    assertThat(javaGuard.executeAttempt { attempt -> Future.succeededFuture("try ${attempt.number()}") }.coAwait())
      .isEqualTo("try 1")
    // T inferred from the block's type, or given as with any generic function
    val inferred = Guard.of<String>(vertx, "p2") { g: GuardSpec<String> -> g.timeout(ofSeconds(1)) }
    assertThat(inferred.coExecute { delay(1); "y" }).isEqualTo("y")
    // the root package is @NullMarked: non-null types, nullable where it says so, and a guard's T may be nullable
    val nullable: Guard<String?> = guard(vertx, "nullable") { }
    assertThat(nullable.coExecute { null }).isNull()
    val value: String? = dev.fusebox.ValidationException("f", "must be set", null).value()
    assertThat(value).isNull()
    val name: String = javaGuard.name()
    assertThat(name).isEqualTo("p1")
  }

  @Test
  fun `the caller cancels a Java call too, with start`() = bounded {
    val guard = guard<String>(vertx, "java-cancel") { retry { maxAttempts = 5; fixedBackoff(1.hours) } }
    val hook = CompletableDeferred<Unit>()
    val call = guard.start({ attempt ->
      attempt.onCancel { hook.complete(Unit) }
      io.vertx.core.Promise.promise<String>().future()
    }, null)
    assertThat(call.cancel()).isTrue()
    assertThat(call.cancel()).isFalse()
    hook.await()
    assertThat(runCatching { call.future().coAwait() }.exceptionOrNull())
      .isInstanceOf(java.util.concurrent.CancellationException::class.java)
      .hasMessage("call of guard 'java-cancel' was cancelled by its caller")
  }

  /** Runs [block] with a 10 s bound, so a broken cancellation fails the test instead of hanging it. */
  private fun bounded(block: suspend kotlinx.coroutines.CoroutineScope.() -> Unit) = runBlocking {
    withTimeout(10.seconds) { block() }
  }
}
