package dev.fusebox.bulkhead;

import dev.fusebox.Subscription;
import dev.fusebox.spi.Policy;
import java.util.function.Consumer;

/**
 * A bulkhead: lets at most a fixed number of calls run at once, so one slow dependency cannot take every
 * connection, buffer or event-loop turn of a service. Calls beyond the limit wait in an optional bounded FIFO queue
 * — as futures, never as blocked threads — for at most a maximum wait, or are rejected at once with a
 * {@link dev.fusebox.BulkheadFullException}.
 *
 * <p>A permit is given back on every path: success, failure, timeout of an outer policy, cancellation. A call
 * cancelled by an outer timeout gives its permit back when it is cancelled, even if the operation ignores the
 * cancellation and keeps running.
 *
 * <p>A bulkhead is stateful and meant to be shared: create it with {@link #of(String, Consumer)} and pass it to
 * every guard that should share the limit ({@code g.bulkhead(bulkhead)}), or let a guard create its own with
 * {@code g.bulkhead(b -> ...)}.
 *
 * <p>Thread-safe and lock-free: counters are atomics and the wait queue is a non-blocking queue.
 */
public interface Bulkhead extends Policy {

  /** Creates a bulkhead configured by {@code block}, Kotlin-DSL style. */
  static Bulkhead of(String name, Consumer<BulkheadSpec> block) {
    BulkheadSpec spec = new BulkheadSpec(name);
    if (block == null) {
      throw new dev.fusebox.ValidationException("block", "must not be null", null);
    }
    block.accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link BulkheadSpec#build()}. */
  static BulkheadSpec builder(String name) {
    return new BulkheadSpec(name);
  }

  /** The bulkhead's name, used in rejections, events and telemetry. */
  String name();

  @Override
  default String kind() {
    return "bulkhead";
  }

  /** A read-out of the calls in flight and queued, and of the rejections so far. */
  BulkheadMetrics metrics();

  /** Registers a listener for every event of this bulkhead. */
  Subscription onEvent(Consumer<? super BulkheadEvent> listener);
}
