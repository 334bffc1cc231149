package dev.fusebox.benchmarks;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The one breaker configuration every peer is set up to approach, the composed pipeline's other settings, and the
 * guarded operations. Each benchmark class says at its top where its library cannot follow these.
 */
final class Settings {

  /**
   * Calls per JMH invocation on the event loop. Handing a batch to the loop and waking the benchmark thread costs a
   * few microseconds here; over this many calls that is well under 1 ns per call (1024 left about 6 ns).
   */
  static final int BATCH = 8192;

  /** Failure rate at which a breaker opens. */
  static final double FAILURE_RATE = 0.5;
  /** Calls a window must hold before its rate is judged. */
  static final int MINIMUM_CALLS = 20;
  /** Size of the count window. */
  static final int COUNT_WINDOW = 100;
  /** Length of the time window. */
  static final Duration TIME_WINDOW = Duration.ofSeconds(10);
  /** How long a tripped breaker stays open. */
  static final Duration OPEN_FOR = Duration.ofSeconds(30);
  /**
   * Open duration of the breakers of the open-breaker scenario: longer than any fork, so that no call half-opens
   * them in the middle of a measurement.
   */
  static final Duration OPEN_FOR_REJECTION = Duration.ofHours(1);
  /** Probes let through while half-open, and successes that close the breaker. */
  static final int HALF_OPEN_CALLS = 3;

  /** Attempts of the composed pipeline's retry, the first one included. */
  static final int MAX_ATTEMPTS = 3;
  /** First delay of the composed pipeline's exponential backoff. */
  static final Duration BACKOFF_INITIAL = Duration.ofMillis(50);
  /** Longest delay of the composed pipeline's exponential backoff. */
  static final Duration BACKOFF_MAX = Duration.ofSeconds(1);
  /** Timeout of each attempt of the composed pipeline. */
  static final Duration TIMEOUT = Duration.ofMillis(800);

  /** What every guarded operation returns. */
  static final String VALUE = "user-42";
  /** What the composed pipelines fall back to; seeing it in a success-path benchmark is an error. */
  static final String FALLBACK = "cached-user-42";

  /** The Vert.x operation: an already-completed future, created per call as a real cache hit or fast call would. */
  static final Supplier<Future<String>> VERTX_OP = () -> Future.succeededFuture(VALUE);

  /**
   * The operation as a Vert.x client answers: a completed future bound to the calling event loop's context (every
   * Vert.x client returns futures of the caller's context). A guard returns such a future as it is; a context-free
   * one ({@link #VERTX_OP}) it must rebind to the caller's context, which costs one more future.
   */
  static final Supplier<Future<String>> BOUND_OP =
      () -> ((ContextInternal) Vertx.currentContext()).succeededFuture(VALUE);

  /** The same operation for the libraries built on {@link CompletionStage}. */
  static final Supplier<CompletionStage<String>> STAGE_OP = () -> CompletableFuture.completedFuture(VALUE);

  /** A failure used to trip breakers. */
  static final RuntimeException BOOM = new IllegalStateException("upstream failed (benchmark set-up)");

  private Settings() {
  }
}
