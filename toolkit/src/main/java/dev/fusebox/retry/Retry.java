package dev.fusebox.retry;

import dev.fusebox.Subscription;
import dev.fusebox.spi.Policy;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A retry policy: runs a failed attempt again, after a backoff delay, up to a maximum number of attempts, and
 * never more often than its <b>retry budget</b> allows, so that a fleet of clients does not multiply the load on a
 * dependency that is already failing.
 *
 * <p>A retry holds state (its budget and its counters), so one instance can be shared by several guards that call
 * the same dependency: create it with {@link #of(String, Consumer)} and pass it to {@code g.retry(retry)}; or let a
 * guard create its own with {@code g.retry(r -> ...)}.
 *
 * <p>Thread-safe and lock-free. Listeners run after the fact, on the thread that made the decision.
 */
public interface Retry extends Policy {

  /** Creates a retry configured by {@code block}, Kotlin-DSL style. */
  static Retry of(String name, Consumer<RetrySpec> block) {
    RetrySpec spec = new RetrySpec(name);
    if (block == null) {
      throw new dev.fusebox.ValidationException("block", "must not be null", null);
    }
    block.accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link RetrySpec#build()}. */
  static RetrySpec builder(String name) {
    return new RetrySpec(name);
  }

  /** The retry's name, used in events and telemetry. */
  String name();

  @Override
  default String kind() {
    return RetryEvent.KIND;
  }

  @Override
  default Set<Trait> traits() {
    return Set.of(Trait.REPEATS);
  }

  /** A read-out of the counters and of the budget. */
  RetryMetrics metrics();

  /** Registers a listener for every event of this retry. */
  Subscription onEvent(Consumer<? super RetryEvent> listener);
}
