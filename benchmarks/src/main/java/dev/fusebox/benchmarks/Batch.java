package dev.fusebox.benchmarks;

import java.util.function.IntFunction;

/**
 * A run of {@code n} calls issued back to back inside one event-loop task, the way a verticle handling a burst of
 * requests issues them, returning the future (Vert.x {@code Future} or {@code CompletionStage}) of the last call.
 *
 * @param name what the batch measures, for error messages
 * @param expect how the last call must end; anything else fails the benchmark at the end of the iteration
 * @param calls issues the calls and returns the last one's future
 */
record Batch(String name, Expect expect, IntFunction<Object> calls) {

  /** How the calls of a batch are expected to end. */
  enum Expect {
    /** With {@link Settings#VALUE}. */
    VALUE,
    /** Failed: a breaker rejected the call. */
    REJECTED
  }
}
