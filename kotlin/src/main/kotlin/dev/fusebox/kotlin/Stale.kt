package dev.fusebox.kotlin

import dev.fusebox.Guard
import dev.fusebox.stale.StaleCache
import dev.fusebox.stale.StaleSpec
import dev.fusebox.stale.StaleValue
import kotlin.reflect.KClass
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/** The scope of `stale { }`: the last good result per call key, served when a later call for it fails. */
@FuseboxDsl
public class StaleBuilder<T>(
  /** The Java spec this scope configures. */
  public val spec: StaleSpec<T>,
) {
  /** How long after it was stored a remembered value may be served. */
  public var maxStaleness: Duration by durationProperty(StaleSpec.DEFAULT_MAX_STALENESS) { spec.maxStaleness(it) }

  /** Bounds the default cache (not with [cache]). */
  public var maxEntries: Int by SpecProperty(StaleSpec.DEFAULT_MAX_ENTRIES) { spec.maxEntries(it) }

  /**
   * Answers a call with its remembered value once it has run this long without an outcome; the call goes on. Null
   * (the default): only once it failed. Once set it cannot be unset. `coExecute` returns the answer once every
   * coroutine of the call has ended (structured concurrency), so keep a timeout inside: the early answer bounds what
   * a Java or `Future` caller waits, a coroutine caller waits for the call.
   */
  public var serveStaleAfter: Duration? by SpecProperty(null) {
    spec.serveStaleAfter(requireNotNull(it) { "serveStaleAfter cannot be unset once given" }.java)
  }

  /** Whether concurrent calls for one key share the call in flight. */
  public var coalesce: Boolean by SpecProperty(true) { spec.coalesce(it) }

  /** Keeps the values in [cache] instead of the default bounded one. */
  public fun cache(cache: StaleCache<T>) {
    spec.cache(cache)
  }

  /** Answers failures of type [E] or its subtypes from the cache. */
  public inline fun <reified E : Throwable> on() {
    spec.on(E::class.java)
  }

  /** Answers failures of these types or their subtypes from the cache. */
  public fun on(vararg types: KClass<out Throwable>) {
    spec.on(*javaTypes(types))
  }

  /** Answers failures matching [predicate] from the cache. */
  public fun on(predicate: (Throwable) -> Boolean) {
    spec.`when` { predicate(it) }
  }

  /** Remembers only results matching [predicate]. */
  public fun storeWhen(predicate: (T) -> Boolean) {
    spec.storeWhen { predicate(it) }
  }

  /** Marks a served value, given it and its age, so the caller can tell it is stale. */
  public fun asStale(mark: (T, Duration) -> T) {
    spec.asStale { value, age -> mark(value, age.toKotlinDuration()) }
  }
}

/** Adds a stale-value fallback of the guard's own; list it outermost. Calls need a key: `coExecute(key) { }`. */
public inline fun <T> GuardBuilder<T>.stale(block: StaleBuilder<T>.() -> Unit) {
  policy(StaleBuilder(StaleValue.builder<T>(name)).apply(block).spec.build())
}

/** Adds a shared stale-value policy. */
public fun <T> GuardBuilder<T>.stale(stale: StaleValue<T>) {
  spec.stale(stale)
}

/** A stale-value policy to share between guards. */
public inline fun <T> StaleValue(name: String, block: StaleBuilder<T>.() -> Unit): StaleValue<T> =
  StaleBuilder(StaleValue.builder<T>(name)).apply(block).spec.build()

/**
 * Like [coExecute], for [key] — what the call reads — so a stale-value policy remembers, serves and coalesces by it.
 */
public suspend fun <T> Guard<T>.coExecute(
  key: Any,
  fallback: (suspend (Throwable) -> T)? = null,
  block: suspend () -> T,
): T = coExecuteFor(key, fallback, block)
