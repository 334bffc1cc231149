package dev.fusebox.kotlin

import dev.fusebox.bulkhead.Bulkhead
import dev.fusebox.chaos.Chaos
import dev.fusebox.circuitbreaker.CircuitBreaker
import dev.fusebox.hedge.Hedge
import dev.fusebox.limit.ConcurrencyLimit
import dev.fusebox.ratelimiter.RateLimiter
import dev.fusebox.retry.Retry
import dev.fusebox.timeout.Timeout
import io.vertx.core.Future
import kotlin.time.Duration

// The guard DSL of each built-in policy: one extension function per policy and form, each a line over the Java
// GuardSpec — the pattern a policy of your own follows.

/**
 * Adds a timeout: when [timeout] elapses first the caller gets a `GuardTimeoutException` and the attempt is
 * cancelled (its `onCancel` hooks run; a block run by [coExecute] has its coroutine cancelled).
 */
public fun GuardBuilder<*>.timeout(timeout: Duration) {
  policy(Timeout.of(timeout.java))
}

/** Adds a fallback configured by [block]: which failures fall back, and optionally to what. */
public inline fun <T> GuardBuilder<T>.fallback(block: FallbackBuilder<T>.() -> Unit) {
  policy(FallbackBuilder<T>().apply(block).toPolicy())
}

/** Adds a fallback of every failure to [handler]. */
public fun <T> GuardBuilder<T>.fallbackTo(handler: (Throwable) -> Future<T>) {
  spec.fallbackTo { handler(it) }
}

/** Adds a circuit breaker of this guard's own, named after the guard. */
public inline fun <T> GuardBuilder<T>.circuitBreaker(block: CircuitBreakerBuilder<T>.() -> Unit) {
  policy(CircuitBreakerBuilder<T>(CircuitBreaker.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared circuit breaker (see [CircuitBreaker] the factory function). */
public fun GuardBuilder<*>.circuitBreaker(breaker: CircuitBreaker) {
  spec.circuitBreaker(breaker)
}

/** Adds a retry of this guard's own; policies listed after it are retried with each attempt. */
public inline fun <T> GuardBuilder<T>.retry(block: RetryBuilder<T>.() -> Unit) {
  policy(RetryBuilder<T>(Retry.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared retry (its budget is shared too). */
public fun GuardBuilder<*>.retry(retry: Retry) {
  spec.retry(retry)
}

/** Adds a bulkhead of this guard's own. */
public inline fun GuardBuilder<*>.bulkhead(block: BulkheadBuilder.() -> Unit) {
  policy(BulkheadBuilder(Bulkhead.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared bulkhead. */
public fun GuardBuilder<*>.bulkhead(bulkhead: Bulkhead) {
  spec.bulkhead(bulkhead)
}

/** Adds a rate limiter of this guard's own. */
public inline fun GuardBuilder<*>.rateLimiter(block: RateLimiterBuilder.() -> Unit) {
  policy(RateLimiterBuilder(RateLimiter.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared rate limiter. */
public fun GuardBuilder<*>.rateLimiter(limiter: RateLimiter) {
  spec.rateLimiter(limiter)
}

/** Adds hedging of this guard's own: another attempt after a delay, the first acceptable outcome wins. */
public inline fun <T> GuardBuilder<T>.hedge(block: HedgeBuilder<T>.() -> Unit) {
  policy(HedgeBuilder<T>(Hedge.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared hedge (its budget is shared too). */
public fun GuardBuilder<*>.hedge(hedge: Hedge) {
  spec.hedge(hedge)
}

/** Adds an adaptive concurrency limit of this guard's own (AIMD unless [ConcurrencyLimitBuilder.vegas]). */
public inline fun GuardBuilder<*>.concurrencyLimit(block: ConcurrencyLimitBuilder.() -> Unit) {
  policy(ConcurrencyLimitBuilder(ConcurrencyLimit.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared adaptive concurrency limit. */
public fun GuardBuilder<*>.concurrencyLimit(limit: ConcurrencyLimit) {
  spec.concurrencyLimit(limit)
}

/** Adds chaos injection (off unless [ChaosBuilder.enabled]); innermost by convention. */
public inline fun <T> GuardBuilder<T>.chaos(block: ChaosBuilder<T>.() -> Unit) {
  policy(ChaosBuilder<T>(Chaos.builder(name)).apply(block).spec.toPolicy())
}

/** Adds a shared chaos policy. */
public fun GuardBuilder<*>.chaos(chaos: Chaos) {
  spec.chaos(chaos)
}

// Shared instances, to pass to several guards: named like the Java types, as Kotlin factory functions are.

/** A circuit breaker to share between guards: `CircuitBreaker.of(name) { .. }` in Java. */
public inline fun CircuitBreaker(name: String, block: CircuitBreakerBuilder<Any?>.() -> Unit): CircuitBreaker =
  CircuitBreakerBuilder<Any?>(CircuitBreaker.builder(name)).apply(block).spec.build()

/** A retry (and budget) to share between guards. */
public inline fun Retry(name: String, block: RetryBuilder<Any?>.() -> Unit): Retry =
  RetryBuilder<Any?>(Retry.builder(name)).apply(block).spec.build()

/** A bulkhead to share between guards. */
public inline fun Bulkhead(name: String, block: BulkheadBuilder.() -> Unit): Bulkhead =
  BulkheadBuilder(Bulkhead.builder(name)).apply(block).spec.build()

/** A rate limiter to share between guards. */
public inline fun RateLimiter(name: String, block: RateLimiterBuilder.() -> Unit): RateLimiter =
  RateLimiterBuilder(RateLimiter.builder(name)).apply(block).spec.build()

/** A hedge (and budget) to share between guards. */
public inline fun Hedge(name: String, block: HedgeBuilder<Any?>.() -> Unit): Hedge =
  HedgeBuilder<Any?>(Hedge.builder(name)).apply(block).spec.build()

/** An adaptive concurrency limit to share between guards. */
public inline fun ConcurrencyLimit(name: String, block: ConcurrencyLimitBuilder.() -> Unit): ConcurrencyLimit =
  ConcurrencyLimitBuilder(ConcurrencyLimit.builder(name)).apply(block).spec.build()

/** A chaos policy to share between guards (and to switch at run time). */
public inline fun Chaos(name: String, block: ChaosBuilder<Any?>.() -> Unit): Chaos =
  ChaosBuilder<Any?>(Chaos.builder(name)).apply(block).spec.build()
