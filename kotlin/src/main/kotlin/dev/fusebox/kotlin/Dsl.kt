package dev.fusebox.kotlin

import kotlin.properties.ReadWriteProperty
import kotlin.reflect.KClass
import kotlin.reflect.KProperty
import kotlin.time.Duration
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Marks Fusebox's builder scopes, so that inside `retry { }` the guard's own functions (`timeout(..)`, another
 * `retry { }`) are not callable by accident: write `this@guard.timeout(..)` if that is really meant.
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
public annotation class FuseboxDsl

/**
 * A property of a builder scope backed by a setter of the Java spec: the Java setter runs first, so its
 * validation (and its [dev.fusebox.ValidationException] naming field, rule and value) is the only one; the value is
 * kept for reading back only once the Java spec accepted it.
 */
internal class SpecProperty<V>(private var value: V, private val apply: (V) -> Unit) : ReadWriteProperty<Any?, V> {
  override fun getValue(thisRef: Any?, property: KProperty<*>): V = value

  override fun setValue(thisRef: Any?, property: KProperty<*>, value: V) {
    apply(value)
    this.value = value
  }
}

/** A [SpecProperty] of a duration: Kotlin's [Duration] outside, `java.time.Duration` for the Java spec. */
internal fun durationProperty(initial: java.time.Duration, apply: (java.time.Duration) -> Unit):
    SpecProperty<Duration> = SpecProperty(initial.toKotlinDuration()) { apply(it.toJavaDuration()) }

/** The Java classes of [types], for the Java specs' `Class<? extends Throwable>...` parameters. */
internal fun javaTypes(types: Array<out KClass<out Throwable>>): Array<Class<out Throwable>> =
  Array(types.size) { types[it].java }

/** Kotlin's [Duration] as the `java.time.Duration` every Java spec takes. */
internal val Duration.java: java.time.Duration get() = toJavaDuration()
