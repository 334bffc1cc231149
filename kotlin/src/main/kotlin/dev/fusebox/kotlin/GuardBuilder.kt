package dev.fusebox.kotlin

import dev.fusebox.Guard
import dev.fusebox.GuardSpec
import dev.fusebox.config.GuardConfig
import dev.fusebox.spi.Clock
import dev.fusebox.spi.GuardObserver
import dev.fusebox.spi.Policy
import dev.fusebox.spi.PolicyEvent
import io.vertx.core.Vertx
import java.util.function.Consumer
import java.util.random.RandomGenerator

/**
 * Builds a [Guard] named [name] with the policies [block] lists, **outermost first** — the same guard
 * `Guard.of(vertx, name, g -> ...)` builds from the same settings:
 *
 * ```kotlin
 * val users = guard<User>(vertx, "user-api") {
 *     fallback { on<CircuitOpenException>(); on<TimeoutException>() }
 *     retry { maxAttempts = 3; exponentialBackoff(50.milliseconds, 1.seconds); jitter = 0.5 }
 *     circuitBreaker { failureRate = 0.5; minimumCalls = 20; window = 10.seconds; openFor = 30.seconds }
 *     timeout(800.milliseconds)
 * }
 * ```
 *
 * @throws dev.fusebox.ValidationException the Java DSL's, naming field, rule and value
 */
public inline fun <T> guard(vertx: Vertx, name: String, block: GuardBuilder<T>.() -> Unit): Guard<T> =
  GuardBuilder<T>(Guard.builder(vertx, name)).apply(block).build()

/**
 * The guard DSL as the `Consumer<GuardSpec<T>>` the Java API takes wherever it wants a guard's policies: a reload
 * (`guard.reconfigure(guardTemplate { timeout(2.seconds) })`, in the same kinds and order as when it was built), a
 * `GuardedWebClient` template (`client.reconfigure(guardTemplate { .. })`), `GuardReloader`... (An extension
 * `Guard.reconfigure { }` would never be called: Kotlin picks the member `reconfigure(Consumer)` for every lambda.)
 */
public inline fun <T> guardTemplate(crossinline block: GuardBuilder<T>.() -> Unit): Consumer<GuardSpec<T>> =
  Consumer { spec -> GuardBuilder(spec).block() }

/**
 * The scope of `guard { }`: a thin layer over the Java [GuardSpec], which does all validation and composition.
 *
 * Every policy is added with [policy]; the named functions (`retry { }`, `timeout(..)`, ...) are extension
 * functions over it, one per policy, so a policy of your own gets its DSL the same way:
 *
 * ```kotlin
 * fun <T> GuardBuilder<T>.killSwitch(on: () -> Boolean) = policy(KillSwitch(on))
 * ```
 *
 * Not thread-safe: configure on one thread, then build.
 */
@FuseboxDsl
public class GuardBuilder<T>(
  /** The Java spec this scope configures: the way to anything the Kotlin layer does not cover. */
  public val spec: GuardSpec<T>,
) {
  /** The guard's name. */
  public val name: String get() = spec.name()

  /** The clock of every timer and time read of the guard's policies; tests set a `ManualClock`. */
  public var clock: Clock by SpecProperty(Clock.system()) { spec.clock(it) }

  /** The random source of jitter and sampling (thread-safe); a seeded one in tests. */
  public var random: RandomGenerator? = null
    set(value) {
      spec.random(requireNotNull(value) { "random must not be null" })
      field = value
    }

  /** Adds [policy], inside the ones listed before it: the generic way every policy is composed. */
  public fun policy(policy: Policy) {
    spec.with(policy)
  }

  /** Adds the policies of [config] (parsed JSON, see [GuardConfig]) here, in its order. */
  public fun config(config: GuardConfig) {
    config.applyTo(spec)
  }

  /** Adds an observer of every execution (tracing and metrics integrations use this). */
  public fun observer(observer: GuardObserver) {
    spec.observer(observer)
  }

  /** Adds a listener of every policy event of the guard. */
  public fun onEvent(listener: (PolicyEvent) -> Unit) {
    spec.onEvent { listener(it) }
  }

  /** Builds the guard (done by [guard]; public for builders made around an existing [GuardSpec]). */
  public fun build(): Guard<T> = spec.build()
}
