package dev.fusebox.kotlin

import dev.fusebox.CircuitOpenException
import dev.fusebox.Guard
import dev.fusebox.GuardSpec
import dev.fusebox.GuardTimeoutException
import dev.fusebox.RejectedException
import dev.fusebox.ValidationException
import dev.fusebox.circuitbreaker.CircuitBreaker
import dev.fusebox.config.GuardConfig
import dev.fusebox.testing.Await
import dev.fusebox.testing.EventRecorder
import dev.fusebox.testing.ManualClock
import dev.fusebox.timeout.Timeout
import io.vertx.core.Future
import io.vertx.core.Promise
import io.vertx.core.Vertx
import io.vertx.core.json.JsonObject
import java.io.IOException
import java.time.Duration.ofMillis
import java.time.Duration.ofSeconds
import java.util.Random
import java.util.function.Consumer
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test

/**
 * The Kotlin DSL builds exactly what the Java DSL builds: the same composition, and the same behaviour — outcomes,
 * policy events, breaker read-outs — when both guards run one scenario on a manual clock with the same seed; and a
 * wrong setting fails with the Java DSL's own [ValidationException].
 */
class DslEquivalenceTest {

  private val vertx: Vertx = Vertx.vertx()

  @AfterEach
  fun close() {
    Await.result(vertx.close())
  }

  // ------------------------------------------------------------------------------------------ composition

  @Test
  fun `the issue's guard is the Java guard, policy for policy and call for call`() {
    // given the same guard written in both DSLs
    val java = scenario { clock, events ->
      Guard.of(vertx, "user-api") { g: GuardSpec<String> ->
        g.clock(clock).random(Random(7)).onEvent(events)
          .fallback { f -> f.on(CircuitOpenException::class.java, GuardTimeoutException::class.java).value("cached") }
          .retry { r -> r.maxAttempts(3).exponentialBackoff(ofMillis(50), ofSeconds(1)).jitter(0.5) }
          .circuitBreaker { cb -> cb.failureRate(0.5).minimumCalls(4).window(ofSeconds(10)).openFor(ofSeconds(30)) }
          .timeout(ofMillis(800))
      }
    }
    val kotlin = scenario { clock, events ->
      guard<String>(vertx, "user-api") {
        this.clock = clock
        random = Random(7)
        onEvent(events::accept)
        fallback { on<CircuitOpenException>(); on<GuardTimeoutException>(); value("cached") }
        retry { maxAttempts = 3; exponentialBackoff(50.milliseconds, 1.seconds); jitter = 0.5 }
        circuitBreaker { failureRate = 0.5; minimumCalls = 4; window = 10.seconds; openFor = 30.seconds }
        timeout(800.milliseconds)
      }
    }
    // then they compose, answer, report and count alike
    assertThat(kotlin).isEqualTo(java)
    assertThat(kotlin.outcomes).contains("ok:0", "bad", "cached", "ok:10")
    assertThat(kotlin.events).contains("fusebox.retry", "fusebox.timeout", "fusebox.circuit.transition", "fusebox.fallback")
  }

  @Test
  fun `every other policy is reachable and builds what Java builds`() {
    val java = scenario { clock, events ->
      Guard.of(vertx, "all") { g: GuardSpec<String> ->
        g.clock(clock).random(Random(3)).onEvent(events)
          .rateLimiter { r -> r.rate(6, ofSeconds(1)).burst(6) }
          .bulkhead { b -> b.maxConcurrentCalls(4).maxQueued(1).maxWait(ofMillis(200)) }
          .concurrencyLimit { l -> l.initialLimit(5).minLimit(1).maxLimit(10) }
          .hedge { h -> h.maxHedgedAttempts(1).delay(ofMillis(100)) }
          .circuitBreaker { cb -> cb.countWindow(5).minimumCalls(3).failOnResult { r -> r == "bad" } }
          .chaos { c -> c.outcome(0.3) { "chaos" }.enabled(true) }
      }
    }
    val kotlin = scenario { clock, events ->
      guard<String>(vertx, "all") {
        this.clock = clock
        random = Random(3)
        onEvent(events::accept)
        rateLimiter { rate(6, 1.seconds); burst = 6 }
        bulkhead { maxConcurrentCalls = 4; maxQueued = 1; maxWait = 200.milliseconds }
        concurrencyLimit { initialLimit = 5; minLimit = 1; maxLimit = 10 }
        hedge { maxHedgedAttempts = 1; delay = 100.milliseconds }
        circuitBreaker { countWindow(5); minimumCalls = 3; failOnResult { r -> r == "bad" } }
        chaos { outcome(0.3) { "chaos" }; enabled = true }
      }
    }
    assertThat(kotlin).isEqualTo(java)
    assertThat(kotlin.kinds).containsExactly("rateLimiter", "bulkhead", "concurrencyLimit", "hedge",
      "circuitBreaker", "chaos")
  }

  @Test
  fun `run-time switches and clocks of the Java specs are reachable`() {
    val rate = java.util.concurrent.atomic.AtomicReference(0.0)
    val on = java.util.concurrent.atomic.AtomicBoolean(false)
    val clock = ManualClock()
    val g = guard<String>(vertx, "switches") {
      fallbackTo { Future.succeededFuture("fallback") }
      bulkhead { this.clock = clock }
      rateLimiter { rate(5, 1.seconds); this.clock = clock }
      concurrencyLimit { this.clock = clock }
      chaos {
        fault({ rate.get() }) { IOException("injected") }
        latency({ 0.0 }, 10.milliseconds)
        outcome({ 0.0 }) { "chaos" }
        enabled { on.get() }
      }
    }
    val context = vertx.orCreateContext
    assertThat(Await.result(Await.call(context) { g.execute { Future.succeededFuture("real") } })).isEqualTo("real")
    rate.set(1.0)
    on.set(true)
    assertThat(Await.result(Await.call(context) { g.execute { Future.succeededFuture("real") } }))
      .isEqualTo("fallback")
  }

  @Test
  fun `shared instances and a policy of one's own go in as they are`() {
    val breaker = CircuitBreaker("shared") { minimumCalls = 2; countWindow(2); openFor = 5.seconds }
    val retry = Retry("shared") { maxAttempts = 2; fixedBackoff(10.milliseconds) }
    val mine = Timeout.of(ofSeconds(2))
    val g = guard<String>(vertx, "uses-shared") {
      retry(retry)
      circuitBreaker(breaker)
      bulkhead(Bulkhead("shared") { maxConcurrentCalls = 3 })
      rateLimiter(RateLimiter("shared") { rate(10, 1.seconds) })
      hedge(Hedge("shared") { delay = 50.milliseconds })
      concurrencyLimit(ConcurrencyLimit("shared") { vegas() })
      chaos(Chaos("shared") { fault(0.1) { IOException("injected") } })
      policy(mine)
    }
    assertThat(g.composition()).startsWith(retry, breaker).endsWith(mine).hasSize(8)
    assertThat(g.policies()).contains(breaker)
    assertThat(breaker.name()).isEqualTo("shared")
  }

  @Test
  fun `a guard from JSON config is the same in both languages`() {
    val json = JsonObject("""
      {"timeout": "800ms", "retry": {"maxAttempts": 3, "backoff": {"type": "fixed", "initial": "100ms"}},
       "circuitBreaker": {"failureRate": 0.5, "minimumCalls": 4, "window": "10s", "openFor": "30s"}}
      """)
    val config = GuardConfig.parse(json, "userApi.guard")
    val java = scenario { clock, events ->
      Guard.of(vertx, "json") { g: GuardSpec<String> -> config.applyTo(g.clock(clock).onEvent(events)) }
    }
    val kotlin = scenario { clock, events ->
      guard<String>(vertx, "json") { this.clock = clock; onEvent(events::accept); config(config) }
    }
    assertThat(kotlin).isEqualTo(java)
    assertThat(kotlin.kinds).containsExactly("retry", "circuitBreaker", "timeout")
  }

  @Test
  fun `a reload written in the DSL keeps the breaker and changes its settings`() {
    val g = guard<String>(vertx, "reload") {
      circuitBreaker { countWindow(4); minimumCalls = 4 }
      timeout(1.seconds)
    }
    val breaker = g.policies().filterIsInstance<CircuitBreaker>().single()
    breaker.forceOpen()
    assertThat(g.reconfigure(guardTemplate { circuitBreaker { countWindow(8); minimumCalls = 8 }; timeout(2.seconds) }))
      .isEqualTo(2)
    assertThat(g.policies().filterIsInstance<CircuitBreaker>().single()).isSameAs(breaker)
    assertThat(breaker.state()).isEqualTo(dev.fusebox.circuitbreaker.CircuitState.FORCED_OPEN)
    assertThat(g.composition().filterIsInstance<Timeout>().single().duration()).isEqualTo(ofSeconds(2))
    // a reload that changes the kinds is refused with the Java error, and the guard keeps its configuration
    assertThatThrownBy { g.reconfigure(guardTemplate { timeout(3.seconds) }) }
      .isInstanceOf(ValidationException::class.java)
    assertThat(g.generation()).isEqualTo(2)
  }

  @Test
  fun `openJitter shortens the open period with the guard's random source, as in Java`() {
    fun openPeriod(guard: Guard<String>): java.time.Duration {
      repeat(4) { guard.execute { Future.failedFuture(IOException("boom")) } }
      val rejection = guard.execute { Future.succeededFuture("ok") }.cause() as CircuitOpenException
      return rejection.retryAfter()
    }
    val clock = ManualClock()
    val java = openPeriod(Guard.of(vertx, "j") { g: GuardSpec<String> ->
      g.clock(clock).random(Random(9))
        .circuitBreaker { cb -> cb.countWindow(10).minimumCalls(4).openFor(ofSeconds(30)).openJitter(0.3) }
    })
    var read = Double.NaN
    val kotlin = openPeriod(guard(vertx, "k") {
      this.clock = clock
      random = Random(9)
      circuitBreaker { countWindow(10); minimumCalls = 4; openFor = 30.seconds; openJitter = 0.3; read = openJitter }
    })
    assertThat(read).isEqualTo(0.3)
    assertThat(kotlin).isEqualTo(java).isBetween(ofSeconds(21), ofSeconds(30)).isLessThan(ofSeconds(30))
  }

  // ------------------------------------------------------------------------------------------ validation

  @Test
  fun `a wrong setting fails with the Java DSL's own error`() {
    fun javaError(block: Consumer<GuardSpec<String>>): String = message { Guard.of(vertx, "v", block) }
    fun kotlinError(block: GuardBuilder<String>.() -> Unit): String = message { guard(vertx, "v", block) }

    assertThat(kotlinError { circuitBreaker { failureRate = 1.5 } })
      .isEqualTo(javaError { g -> g.circuitBreaker { cb -> cb.failureRate(1.5) } })
      .isEqualTo("failureRate must be in (0, 1], was 1.5")
    assertThat(kotlinError { retry { maxAttempts = 0 } })
      .isEqualTo(javaError { g -> g.retry { r -> r.maxAttempts(0) } })
    assertThat(kotlinError { retry { exponentialBackoff(2.seconds, 1.seconds) } })
      .isEqualTo(javaError { g -> g.retry { r -> r.exponentialBackoff(ofSeconds(2), ofSeconds(1)) } })
    assertThat(kotlinError { timeout((-1).seconds) })
      .isEqualTo(javaError { g -> g.timeout(ofSeconds(-1)) })
    assertThat(kotlinError { bulkhead { maxConcurrentCalls = 0 } })
      .isEqualTo(javaError { g -> g.bulkhead { b -> b.maxConcurrentCalls(0) } })
    assertThat(kotlinError { rateLimiter { } })
      .isEqualTo(javaError { g -> g.rateLimiter { } })
    assertThat(kotlinError { circuitBreaker { openJitter = 1.0 } })
      .isEqualTo(javaError { g -> g.circuitBreaker { cb -> cb.openJitter(1.0) } })
      .isEqualTo("openJitter must be in [0, 1), was 1.0")
    assertThat(kotlinError { circuitBreaker { countWindow(5); minimumCalls = 10 } })
      .isEqualTo(javaError { g -> g.circuitBreaker { cb -> cb.countWindow(5).minimumCalls(10) } })
    // a composition error too: two retries
    assertThat(kotlinError { retry { }; retry { } }).isEqualTo(javaError { g -> g.retry { }.retry { } })
  }

  @Test
  fun `a property keeps only what the Java spec accepted`() {
    var read = Double.NaN
    assertThatThrownBy {
      guard<String>(vertx, "p") {
        circuitBreaker {
          failureRate = 0.25
          runCatching { failureRate = 7.0 }
          read = failureRate
          failureRate = 7.0
        }
      }
    }.isInstanceOf(ValidationException::class.java)
    assertThat(read).isEqualTo(0.25)
  }

  // ------------------------------------------------------------------------------------------ the scenario

  /** What a guard did in the scenario: its policies, each call's outcome, the events, the breakers' read-outs. */
  private data class Run(val kinds: List<String>, val outcomes: List<String>, val events: List<String>,
    val breakers: List<String>)

  private fun scenario(build: (ManualClock, EventRecorder) -> Guard<String>): Run {
    val clock = ManualClock()
    val events = EventRecorder()
    val guard = build(clock, events)
    val context = vertx.orCreateContext
    val outcomes = mutableListOf<String>()
    val hung = mutableListOf<Promise<String>>()
    for (i in 0 until 14) {
      if (i == 10) {
        clock.advance(ofSeconds(31))
      }
      val call = Await.call(context) {
        guard.execute {
          when (i % 5) {
            0 -> Future.succeededFuture("ok:$i")
            1 -> Future.succeededFuture("bad")
            2 -> Promise.promise<String>().also { hung += it }.future()
            else -> Future.failedFuture(IOException("down $i"))
          }
        }
      }
      var steps = 0
      while (!call.isComplete && steps++ < 200) {
        clock.advance(ofMillis(50))
        Await.on(context) { }
      }
      outcomes += if (!call.isComplete) "pending" else Await.outcome(call).let {
        if (it.succeeded()) it.result() else describe(it.cause())
      }
    }
    Await.on(context) { hung.forEach { it.tryComplete("late") } }
    Await.on(context) { }
    val breakers = guard.policies().filterIsInstance<CircuitBreaker>().map {
      "${it.name()} ${it.state()} ${it.metrics()}"
    }
    return Run(guard.composition().map { it.kind() }, outcomes, events.names(), breakers)
  }

  private fun describe(failure: Throwable): String = when (failure) {
    is RejectedException -> failure.javaClass.simpleName
    else -> failure.javaClass.simpleName + ": " + failure.message
  }

  private fun message(build: () -> Any): String = try {
    build()
    throw AssertionError("expected a ValidationException")
  } catch (e: ValidationException) {
    e.message!!
  }
}
