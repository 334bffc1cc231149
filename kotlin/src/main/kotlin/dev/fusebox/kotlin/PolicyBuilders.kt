package dev.fusebox.kotlin

import dev.fusebox.bulkhead.BulkheadSpec
import dev.fusebox.chaos.ChaosSpec
import dev.fusebox.circuitbreaker.CircuitBreakerSpec
import dev.fusebox.fallback.FallbackSpec
import dev.fusebox.hedge.HedgeSpec
import dev.fusebox.limit.ConcurrencyLimitSpec
import dev.fusebox.ratelimiter.RateLimiterSpec
import dev.fusebox.retry.RetrySpec
import dev.fusebox.spi.Clock
import dev.fusebox.spi.Policy
import io.vertx.core.Future
import kotlin.reflect.KClass
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

// One scope per policy over its Java spec: properties and functions keep the Java names, take kotlin.time.Duration,
// KClass or reified types, and Kotlin lambdas; each setter is the Java setter, so validation and its messages are
// the Java ones. Result predicates take the guard's T (shared policies built outside a guard take Any?).

/** The scope of `fallback { }`: which failures fall back (every one when none is named), and to what. */
@FuseboxDsl
public class FallbackBuilder<T> {
  /** The Java spec this scope configures. */
  public val spec: FallbackSpec<T> = FallbackSpec()

  /** Falls back on failures of type [E] or its subtypes. */
  public inline fun <reified E : Throwable> on() {
    spec.on(E::class.java)
  }

  /** Falls back on failures of these types or their subtypes. */
  public fun on(vararg types: KClass<out Throwable>) {
    spec.on(*javaTypes(types))
  }

  /** Falls back on failures matching [predicate] (`when` in Java, a keyword in Kotlin). */
  public fun on(predicate: (Throwable) -> Boolean) {
    spec.`when` { predicate(it) }
  }

  /** Produces the fallback result asynchronously from the failure. */
  public fun with(handler: (Throwable) -> Future<T>) {
    spec.with { handler(it) }
  }

  /** Falls back to a constant value. */
  public fun value(value: T) {
    spec.value(value)
  }

  /** Copies the settings into the policy (done by `fallback { }`). */
  public fun toPolicy(): Policy = spec.toPolicy()
}

/** The scope of `circuitBreaker { }`; defaults are [CircuitBreakerSpec]'s. */
@FuseboxDsl
public class CircuitBreakerBuilder<T>(
  /** The Java spec this scope configures. */
  public val spec: CircuitBreakerSpec,
) {
  /** Opens when at least this fraction of the window's calls failed; in (0, 1]. */
  public var failureRate: Double by SpecProperty(CircuitBreakerSpec.DEFAULT_FAILURE_RATE) { spec.failureRate(it) }

  /** Opens when at least this fraction of the window's calls were slow; in (0, 1]. */
  public var slowCallRate: Double by SpecProperty(CircuitBreakerSpec.DEFAULT_SLOW_CALL_RATE) {
    spec.slowCallRate(it)
  }

  /** A call slower than this is slow; [Duration.INFINITE] (the default) until set: no call is slow. */
  public var slowCallDuration: Duration by SpecProperty(Duration.INFINITE) { spec.slowCallDuration(it.java) }

  /** Counts a call still running past [slowCallDuration] as slow at once. */
  public var countInFlightSlowCalls: Boolean by SpecProperty(false) { spec.countInFlightSlowCalls(it) }

  /** Calls the window must hold before any rate is judged. */
  public var minimumCalls: Int by SpecProperty(CircuitBreakerSpec.DEFAULT_MINIMUM_CALLS) { spec.minimumCalls(it) }

  /** A time window of this length, in [CircuitBreakerSpec.DEFAULT_BUCKETS] buckets. */
  public var window: Duration by durationProperty(CircuitBreakerSpec.DEFAULT_WINDOW) { spec.window(it) }

  /** A time window of [duration] in [buckets] buckets. */
  public fun window(duration: Duration, buckets: Int) {
    spec.window(duration.java, buckets)
  }

  /** A count window: the last [size] calls. */
  public fun countWindow(size: Int) {
    spec.countWindow(size)
  }

  /** A time-decayed failure rate with this half-life. */
  public fun decayingWindow(halfLife: Duration) {
    spec.decayingWindow(halfLife.java)
  }

  /** How long the breaker stays open before a probe is let through. */
  public var openFor: Duration by durationProperty(CircuitBreakerSpec.DEFAULT_OPEN_FOR) { spec.openFor(it) }

  /** Grows the open duration by [multiplier] on each consecutive re-open, up to [max]. */
  public fun openForBackoff(multiplier: Double, max: Duration) {
    spec.openForBackoff(multiplier, max.java)
  }

  /** Shortens each open period at random by up to this fraction of it, in [0, 1); 0 (the default) for none. */
  public var openJitter: Double by SpecProperty(0.0) { spec.openJitter(it) }

  /** Probes one HALF_OPEN period admits, and successes that close the breaker. */
  public var halfOpenCalls: Int by SpecProperty(CircuitBreakerSpec.DEFAULT_HALF_OPEN_CALLS) {
    spec.halfOpenCalls(it)
  }

  /** A probe that has not completed after this long gives its permit back. */
  public var probeTimeout: Duration by durationProperty(CircuitBreakerSpec.DEFAULT_PROBE_TIMEOUT) {
    spec.probeTimeout(it)
  }

  /** Counts only exceptions of type [E] (and subtypes) as failures. */
  public inline fun <reified E : Throwable> recordOn() {
    spec.recordOn(E::class.java)
  }

  /** Counts only exceptions of these types (and subtypes) as failures. */
  public fun recordOn(vararg types: KClass<out Throwable>) {
    spec.recordOn(*javaTypes(types))
  }

  /** Counts only exceptions matching [predicate] as failures. */
  public fun recordOn(predicate: (Throwable) -> Boolean) {
    spec.recordOn { predicate(it) }
  }

  /** Neither counts nor penalises exceptions of type [E]. */
  public inline fun <reified E : Throwable> ignore() {
    spec.ignore(E::class.java)
  }

  /** Neither counts nor penalises exceptions of these types. */
  public fun ignore(vararg types: KClass<out Throwable>) {
    spec.ignore(*javaTypes(types))
  }

  /** Neither counts nor penalises exceptions matching [predicate]. */
  public fun ignore(predicate: (Throwable) -> Boolean) {
    spec.ignore { predicate(it) }
  }

  /** Counts a successful result matching [predicate] (an HTTP 5xx response, say) as a failure. */
  public fun failOnResult(predicate: (T) -> Boolean) {
    @Suppress("UNCHECKED_CAST")
    spec.failOnResult { predicate(it as T) }
  }

  /** The clock to read, when not the guard's. */
  public var clock: Clock? = null
    set(value) {
      spec.clock(requireNotNull(value) { "clock must not be null" })
      field = value
    }
}

/** The scope of `retry { }`; defaults are [RetrySpec]'s. */
@FuseboxDsl
public class RetryBuilder<T>(
  /** The Java spec this scope configures. */
  public val spec: RetrySpec,
) {
  /** Attempts in all, the first one included. */
  public var maxAttempts: Int by SpecProperty(RetrySpec.DEFAULT_MAX_ATTEMPTS) { spec.maxAttempts(it) }

  /** Waits [delay] before every retry. */
  public fun fixedBackoff(delay: Duration) {
    spec.fixedBackoff(delay.java)
  }

  /** Waits [initial] before the first retry, growing by [multiplier] each time up to [max]. */
  public fun exponentialBackoff(initial: Duration, max: Duration, multiplier: Double = RetrySpec.DEFAULT_MULTIPLIER) {
    spec.exponentialBackoff(initial.java, max.java, multiplier)
  }

  /** Delays drawn at random between [base] and three times the previous one, capped at [max]. */
  public fun decorrelatedJitterBackoff(base: Duration, max: Duration) {
    spec.decorrelatedJitterBackoff(base.java, max.java)
  }

  /** The fraction of each delay drawn at random; in [0, 1]. */
  public var jitter: Double by SpecProperty(0.0) { spec.jitter(it) }

  /** The longest delay, jitter and `Retry-After` hints included; the backoff's maximum until set. */
  public var maxDelay: Duration by SpecProperty(RetrySpec.DEFAULT_MAX_DELAY.toKotlinDuration()) { spec.maxDelay(it.java) }

  /** Retries only failures of type [E] (and subtypes). */
  public inline fun <reified E : Throwable> retryOn() {
    spec.retryOn(E::class.java)
  }

  /** Retries only failures of these types (and subtypes). */
  public fun retryOn(vararg types: KClass<out Throwable>) {
    spec.retryOn(*javaTypes(types))
  }

  /** Retries only failures matching [predicate]. */
  public fun retryOn(predicate: (Throwable) -> Boolean) {
    spec.retryOn { predicate(it) }
  }

  /** Retries successful results matching [predicate] too. */
  public fun retryOnResult(predicate: (T) -> Boolean) {
    @Suppress("UNCHECKED_CAST")
    spec.retryOnResult { predicate(it as T) }
  }

  /** Retries rejections (open breaker, full bulkhead) too; off by default. */
  public var retryOnRejection: Boolean by SpecProperty(false) { spec.retryOnRejection(it) }

  /** Retries at most [ratio] of recent calls, at least [minRetriesPerSecond], over [window]. */
  public fun budget(ratio: Double, minRetriesPerSecond: Int, window: Duration = RetrySpec.DEFAULT_BUDGET_WINDOW.toKotlinDuration()) {
    spec.budget(ratio, minRetriesPerSecond, window.java)
  }

  /** The delay an outcome asks for (a result or a failure), or null: `Retry-After` of a 429 by default. */
  public fun delayHint(hint: (Any?) -> Duration?) {
    spec.delayHint { outcome -> hint(outcome)?.java }
  }

  /** The clock to read, when not the guard's. */
  public var clock: Clock? = null
    set(value) {
      spec.clock(requireNotNull(value) { "clock must not be null" })
      field = value
    }
}

/** The scope of `bulkhead { }`; defaults are [BulkheadSpec]'s. */
@FuseboxDsl
public class BulkheadBuilder(
  /** The Java spec this scope configures. */
  public val spec: BulkheadSpec,
) {
  /** Calls allowed at once. */
  public var maxConcurrentCalls: Int by SpecProperty(BulkheadSpec.DEFAULT_MAX_CONCURRENT_CALLS) {
    spec.maxConcurrentCalls(it)
  }

  /** Calls that may wait (as futures) for a slot. */
  public var maxQueued: Int by SpecProperty(BulkheadSpec.DEFAULT_MAX_QUEUED) { spec.maxQueued(it) }

  /** How long a queued call waits at most. */
  public var maxWait: Duration by durationProperty(BulkheadSpec.DEFAULT_MAX_WAIT) { spec.maxWait(it) }
  /** The clock to read, when not the guard's. */
  public var clock: Clock? = null
    set(value) {
      spec.clock(requireNotNull(value) { "clock must not be null" })
      field = value
    }
}

/** The scope of `rateLimiter { }`: [rate] is required. */
@FuseboxDsl
public class RateLimiterBuilder(
  /** The Java spec this scope configures. */
  public val spec: RateLimiterSpec,
) {
  /** [permits] calls per [per], refilled continuously. */
  public fun rate(permits: Int, per: Duration) {
    spec.rate(permits, per.java)
  }

  /** Calls that may pass at once after a quiet time; [rate]'s permits until set. */
  public var burst: Int by SpecProperty(0) { spec.burst(it) }

  /** How long a call may wait for a permit (on a timer) instead of being rejected. */
  public var maxWait: Duration by durationProperty(RateLimiterSpec.DEFAULT_MAX_WAIT) { spec.maxWait(it) }
  /** The clock to read, when not the guard's. */
  public var clock: Clock? = null
    set(value) {
      spec.clock(requireNotNull(value) { "clock must not be null" })
      field = value
    }
}

/** The scope of `hedge { }`; defaults are [HedgeSpec]'s. */
@FuseboxDsl
public class HedgeBuilder<T>(
  /** The Java spec this scope configures. */
  public val spec: HedgeSpec,
) {
  /** Extra attempts at most. */
  public var maxHedgedAttempts: Int by SpecProperty(HedgeSpec.DEFAULT_MAX_HEDGED_ATTEMPTS) {
    spec.maxHedgedAttempts(it)
  }

  /** How long to wait for an answer before starting another attempt. */
  public var delay: Duration by durationProperty(HedgeSpec.DEFAULT_DELAY) { spec.delay(it) }

  /** Hedges at most [ratio] of recent calls, at least [minPerSecond]. */
  public fun budget(ratio: Double, minPerSecond: Int) {
    spec.budget(ratio, minPerSecond)
  }

  /** Failures matching [predicate] do not win: the other attempts are awaited. */
  public fun waitPastFailure(predicate: (Throwable) -> Boolean) {
    spec.waitPastFailure { predicate(it) }
  }

  /** Results matching [predicate] do not win: the other attempts are awaited. */
  public fun waitPastResult(predicate: (T) -> Boolean) {
    @Suppress("UNCHECKED_CAST")
    spec.waitPastResult { predicate(it as T) }
  }
}

/** The scope of `concurrencyLimit { }`; defaults are [ConcurrencyLimitSpec]'s (AIMD). */
@FuseboxDsl
public class ConcurrencyLimitBuilder(
  /** The Java spec this scope configures. */
  public val spec: ConcurrencyLimitSpec,
) {
  /** Additive increase, multiplicative decrease (the default). */
  public fun aimd() {
    spec.aimd()
  }

  /** Vegas: the limit follows the queueing the latency shows. */
  public fun vegas() {
    spec.vegas()
  }

  /** The limit to start with. */
  public var initialLimit: Int by SpecProperty(ConcurrencyLimitSpec.DEFAULT_INITIAL_LIMIT) { spec.initialLimit(it) }

  /** The limit never goes below this. */
  public var minLimit: Int by SpecProperty(ConcurrencyLimitSpec.DEFAULT_MIN_LIMIT) { spec.minLimit(it) }

  /** The limit never goes above this. */
  public var maxLimit: Int by SpecProperty(ConcurrencyLimitSpec.DEFAULT_MAX_LIMIT) { spec.maxLimit(it) }

  /** The factor the limit is multiplied by on a drop. */
  public var backoff: Double by SpecProperty(ConcurrencyLimitSpec.DEFAULT_BACKOFF) { spec.backoff(it) }

  /** A call slower than this counts as a drop; [Duration.INFINITE] until set. */
  public var dropAbove: Duration by SpecProperty(Duration.INFINITE) { spec.dropAbove(it.java) }
  /** The clock to read, when not the guard's. */
  public var clock: Clock? = null
    set(value) {
      spec.clock(requireNotNull(value) { "clock must not be null" })
      field = value
    }
}

/** The scope of `chaos { }`: off unless [enabled]. */
@FuseboxDsl
public class ChaosBuilder<T>(
  /** The Java spec this scope configures. */
  public val spec: ChaosSpec,
) {
  /** Fails this fraction of calls with an exception from [fault], without running them. */
  public fun fault(rate: Double, fault: () -> Throwable) {
    spec.fault(rate) { fault() }
  }

  /** Like `fault(Double, ..)`, with a rate read on every call (to change at run time). */
  public fun fault(rate: () -> Double, fault: () -> Throwable) {
    spec.fault({ rate() }) { fault() }
  }

  /** Delays this fraction of calls by [delay] before running them. */
  public fun latency(rate: Double, delay: Duration) {
    spec.latency(rate, delay.java)
  }

  /** Like `latency(Double, ..)`, with a rate read on every call. */
  public fun latency(rate: () -> Double, delay: Duration) {
    spec.latency({ rate() }, delay.java)
  }

  /** Answers this fraction of calls with a result from [outcome], without running them. */
  public fun outcome(rate: Double, outcome: () -> T) {
    spec.outcome(rate) { outcome() }
  }

  /** Like `outcome(Double, ..)`, with a rate read on every call. */
  public fun outcome(rate: () -> Double, outcome: () -> T) {
    spec.outcome({ rate() }) { outcome() }
  }

  /** Enables or disables injection for good. */
  public var enabled: Boolean by SpecProperty(false) { spec.enabled(it) }

  /** The switch, read on every call, to flip at run time. */
  public fun enabled(on: () -> Boolean) {
    spec.enabled { on() }
  }
}

private fun java.time.Duration.toKotlinDuration(): Duration = kotlin.time.Duration.parseIsoString(toString())
