package dev.fusebox.kotlin

import dev.fusebox.Attempt
import dev.fusebox.Guard
import dev.fusebox.GuardedCall
import dev.fusebox.Operation
import io.vertx.core.Context
import io.vertx.core.Future
import io.vertx.core.Vertx
import io.vertx.core.internal.ContextInternal
import io.vertx.kotlin.coroutines.coAwait
import io.vertx.kotlin.coroutines.dispatcher
import java.util.function.Function
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.withContext

/**
 * Runs [block] through the guard and returns its result, suspending (never blocking) meanwhile: the coroutine form
 * of `execute` (named like Vert.x's `coAwait` and `coHandler`; a suspend `execute { }` would lose to the Java member
 * `execute(Supplier)` for every lambda).
 *
 * - Each attempt runs [block] in a coroutine of its own on the dispatcher of the caller's Vert.x context (a context
 *   of the guard's Vert.x when the caller is on none), with the caller's coroutine context elements; this function
 *   returns only once every coroutine it started has ended (a timed-out attempt's cleanup included), so no job
 *   outlives it.
 * - **Cancelling the calling coroutine cancels the call**: the attempt in flight is cancelled (its `onCancel` hooks
 *   run, its coroutine is cancelled), no retry or hedge starts after it.
 * - **A guard timeout cancels the block's coroutine** (its `delay`s and `coAwait`s throw), and the caller gets the
 *   `GuardTimeoutException`. So does a hedge's losing attempt.
 * - [fallback], when given, receives the failures the guard's fallback policy selects (every failure when it has
 *   none), like `guard.execute(op, fallback)` in Java, and runs as a coroutine on the same context.
 *
 * The attempt's number and cancellation hooks are at hand inside [block] with [currentAttempt].
 *
 * @throws Throwable the guard's failure: a rejection (`CircuitOpenException`, ...), a `GuardTimeoutException`, or
 *   the block's own exception
 */
public suspend fun <T> Guard<T>.coExecute(fallback: (suspend (Throwable) -> T)? = null, block: suspend () -> T): T =
  coExecuteFor(null, fallback, block)

/** [coExecute] for [key] (null: no key), shared by the keyed and the plain forms. */
internal suspend fun <T> Guard<T>.coExecuteFor(
  key: Any?,
  fallback: (suspend (Throwable) -> T)?,
  block: suspend () -> T,
): T {
  val context = callerContext(vertx())
  return awaitCall { attempts ->
    val operation = Operation<T> { attempt -> attempts.future(context, attempt, block) }
    val onFailure = fallback?.let { handler -> Function<Throwable, Future<T>> { failure ->
      attempts.future(context, null) { handler(failure) }
    } }
    if (key == null) start(operation, onFailure) else start(key, operation, onFailure)
  }
}

/**
 * Starts a guarded call whose attempts run in a scope of their own and awaits it. The attempts' job is not a child
 * of the caller's, so that a cancelled caller reaches them only through [GuardedCall.cancel]: the attempt's own
 * hooks (registered last, run first) see it cancelled before its coroutine is, and no retry starts because the
 * attempt ended. Whatever the outcome, this returns only once every coroutine of the call has ended.
 */
internal suspend fun <T> awaitCall(start: (CoroutineScope) -> GuardedCall<T>): T {
  val supervisor = SupervisorJob()
  // The caller's elements (its name, thread-context elements), but neither its job nor an enclosing guard's attempt.
  val attempts = CoroutineScope(currentCoroutineContext().minusKey(Job).minusKey(AttemptElement) + supervisor)
  val call = start(attempts)
  try {
    return call.future().coAwait()
  } catch (e: kotlin.coroutines.cancellation.CancellationException) {
    // The caller was cancelled: call the guard's call off (its attempt's hooks run), then whatever still runs.
    call.cancel()
    supervisor.cancel()
    throw e
  } finally {
    supervisor.complete()
    withContext(NonCancellable) { supervisor.join() }
  }
}

/** The attempt whose block is running in this coroutine, or null outside a guarded block. */
public suspend fun currentAttempt(): Attempt? = currentCoroutineContext()[AttemptElement]?.attempt

/**
 * Guards each emission: every value goes through [guard] with [transform] as the guarded block, in order, one at a
 * time; a failure that the guard does not recover ends the flow with it.
 */
public fun <T, R> Flow<T>.guardEach(guard: Guard<R>, transform: suspend (T) -> R): Flow<R> =
  map { value -> guard.coExecute { transform(value) } }

/** The [Attempt] of a guarded block, in its coroutine context. */
internal class AttemptElement(val attempt: Attempt) : AbstractCoroutineContextElement(AttemptElement) {
  companion object Key : CoroutineContext.Key<AttemptElement>
}

/**
 * Runs [block] as a coroutine of this scope on [context]'s dispatcher, as a future of [context]. With an
 * [attempt], the block sees it ([currentAttempt]) and the guard cancelling the attempt cancels the coroutine.
 */
internal fun <T> CoroutineScope.future(context: Context, attempt: Attempt?, block: suspend () -> T): Future<T> {
  val element = if (attempt == null) context.dispatcher() else context.dispatcher() + AttemptElement(attempt)
  val job = async(element) { block() }
  attempt?.onCancel { job.cancel(kotlin.coroutines.cancellation.CancellationException("attempt " + attempt.number()
      + " was cancelled by its guard")) }
  val promise = (context as ContextInternal).promise<T>()
  job.invokeOnCompletion { cause ->
    if (cause == null) {
      @Suppress("OPT_IN_USAGE")
      promise.tryComplete(job.getCompleted())
    } else {
      promise.tryFail(cause)
    }
  }
  return promise.future()
}

/** The caller's Vert.x context when it belongs to [vertx], else a context of [vertx]: where the guard completes. */
internal fun callerContext(vertx: Vertx): Context {
  val current = Vertx.currentContext()
  return if (current != null && current.owner() == vertx) current else vertx.orCreateContext
}
