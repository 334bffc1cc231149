package dev.fusebox;

import org.jspecify.annotations.Nullable;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.Policy;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations through a pipeline of resilience policies — fallback, retry, circuit breaker,
 * timeout, bulkhead, rate limiter — listed outermost first when the guard is built.
 *
 * <pre>{@code
 * Guard<User> users = Guard.of(vertx, "user-api", g -> g
 *     .fallback(f -> f.on(CircuitOpenException.class, TimeoutException.class))
 *     .circuitBreaker(cb -> cb.failureRate(0.5).minimumCalls(20))
 *     .timeout(Duration.ofMillis(800)));
 *
 * Future<User> user = users.execute(() -> api.fetch(id), failure -> cache.lookup(id));
 * }</pre>
 *
 * <p>Guarantees of every {@code execute}: it never blocks and never throws (an operation that throws or returns
 * null becomes a failed future); called on a Vert.x context, the returned future completes on that same context,
 * after timeouts, retry delays and fallbacks too; called off any context, it completes on a context of the guard's
 * Vert.x instance.
 *
 * <p>Thread-safe: build a guard once and use it from any verticle or event loop; its configuration changes only
 * through {@link #reconfigure(Consumer)}, which swaps it whole. Stateful policies
 * it holds (breakers, bulkheads, limiters) are shared by all its calls.
 *
 * @param <T> the result type of the guarded operations
 */
public interface Guard<T extends @Nullable Object> {

  /** Builds a guard configured by {@code block}, Kotlin-DSL style; policies are listed outermost first. */
  static <T extends @Nullable Object> Guard<T> of(Vertx vertx, String name, Consumer<GuardSpec<T>> block) {
    GuardSpec<T> spec = new GuardSpec<>(vertx, name);
    Require.nonNull(block, "block").accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link GuardSpec#build()}: {@code Guard.<User>builder(vertx, "x")}. */
  static <T extends @Nullable Object> GuardSpec<T> builder(Vertx vertx, String name) {
    return new GuardSpec<>(vertx, name);
  }

  /** The guard's name, used in exceptions and telemetry. */
  String name();

  /** The Vert.x instance of the guard: a call made off any of its contexts completes on one of its contexts. */
  Vertx vertx();

  /**
   * The policies of this guard, outermost first: {@link dev.fusebox.circuitbreaker.CircuitBreaker} instances and
   * the other stateful policies, for health checks and dashboards.
   */
  List<Object> policies();

  /** Every policy of this guard as it was composed, outermost first (at its last reconfiguration, if any). */
  List<Policy> composition();

  /**
   * The number of the configuration this guard runs: 1 as built, one more for each accepted
   * {@link #reconfigure(Consumer) reconfiguration}.
   */
  long generation();

  /**
   * Reconfigures this guard in place: {@code block} composes the guard's policies again, as when it was built, with
   * new settings. New calls run with them at once; calls in flight finish under the configuration that admitted them.
   * Stateful policies keep their state ({@link dev.fusebox.spi.Reconfigurable}): a breaker its state and window (a
   * change of window kind or size starts a fresh window, with an event saying so), a bulkhead or limiter its permits
   * in use, resized; listeners and metrics series stay, because the breaker (and its name) stays. Stateless policies
   * (timeout, retry, fallback) are rebuilt from their new settings.
   *
   * <p>Only the policies {@code block} adds are used: the guard keeps its name, clock, random source, observers and
   * listeners. The policies must be the same kinds in the same order: a reload that would add, remove or move one is
   * refused (its state lives at its place), and so is one a policy refuses. Reloads of one guard are serialized; the
   * hot path takes no lock (each call reads the configuration once).
   *
   * @return the new {@link #generation()}
   * @throws dev.fusebox.ValidationException naming what cannot change (the {@code order}, or a policy's setting); the
   *     guard then keeps running its current configuration, unchanged
   */
  long reconfigure(Consumer<GuardSpec<T>> block);

  /**
   * Reconfigures this guard in place from {@code config}, for a guard built from it ({@link GuardConfig#build}); see
   * {@link #reconfigure(Consumer)}. A guard that adds code around its configuration (a fallback, say) reloads with
   * {@code guard.reconfigure(g -> config.applyTo(g.fallback(..)))}.
   *
   * @return the new {@link #generation()}
   * @throws dev.fusebox.ValidationException naming what cannot change; the guard keeps its current configuration
   */
  default long reconfigure(GuardConfig config) {
    Require.nonNull(config, "config");
    return reconfigure(config::applyTo);
  }

  /** Runs {@code operation} through the guard. */
  Future<T> execute(Supplier<Future<T>> operation);

  /**
   * Runs {@code operation} through the guard; failures selected by the guard's fallback policy (every failure, when
   * the guard has none) are handed to {@code fallback}, which has the per-call data the guard lacks.
   */
  Future<T> execute(Supplier<Future<T>> operation, Function<Throwable, Future<T>> fallback);

  /**
   * Runs an operation that wants its {@link Attempt}, to register a cancellation hook or read the attempt number.
   * (A name of its own, not an overload of {@code execute}: a lambda in Kotlin or Java then always means one thing.)
   */
  Future<T> executeAttempt(Operation<T> operation);

  /** Like {@link #executeAttempt(Operation)}, with a per-call fallback as in {@link #execute(Supplier, Function)}. */
  Future<T> executeAttempt(Operation<T> operation, Function<Throwable, Future<T>> fallback);

  /**
   * Runs {@code operation} for {@code key}, what the call reads (a user id, a request URI): policies that keep
   * state per resource see it as {@link dev.fusebox.spi.Execution#key()} — a stale-value policy remembers the last
   * good result under it, serves it when a later call for the same key fails, and lets concurrent calls for one key
   * share one operation. Without such a policy the key changes nothing. Keys are compared with {@code equals}.
   *
   * @param key what the call is for, not null
   */
  Future<T> execute(Object key, Supplier<Future<T>> operation);

  /** Like {@link #execute(Object, Supplier)}, with a per-call fallback as in {@link #execute(Supplier, Function)}. */
  Future<T> execute(Object key, Supplier<Future<T>> operation, Function<Throwable, Future<T>> fallback);

  /** Like {@link #execute(Object, Supplier)}, for an operation that wants its {@link Attempt}. */
  Future<T> executeAttempt(Object key, Operation<T> operation);

  /** Like {@link #executeAttempt(Object, Operation)}, with a per-call fallback. */
  Future<T> executeAttempt(Object key, Operation<T> operation, Function<Throwable, Future<T>> fallback);

  /**
   * Starts {@code operation} like {@link #executeAttempt(Operation, Function)}, as a call its caller can cancel
   * ({@link GuardedCall#cancel()}). {@code fallback} may be null: the guard's own fallback policy, if any, applies.
   */
  GuardedCall<T> start(Operation<T> operation, @Nullable Function<Throwable, Future<T>> fallback);

  /** Like {@link #start(Operation, Function)}, for {@code key} as in {@link #execute(Object, Supplier)}. */
  GuardedCall<T> start(Object key, Operation<T> operation, @Nullable Function<Throwable, Future<T>> fallback);
}
