package dev.fusebox.limit;

import dev.fusebox.Subscription;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Require;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An adaptive concurrency limit: a bulkhead whose limit follows the dependency. With AIMD (the client default) the
 * limit grows by one per window of successful calls at high utilisation and is multiplied down (by
 * {@code backoff}) on a drop — a failure, or a call slower than {@code dropAbove}. With Vegas the limit follows the
 * estimated queue (measured latency over the lowest latency seen). A call over the limit is refused at once with a
 * stackless {@link LimitExceededException} carrying the limit (HTTP 429).
 *
 * <p>Stateful and shareable: {@link #of} and {@code g.concurrencyLimit(limit)}, or
 * {@code g.concurrencyLimit(l -> ...)}.
 * Thread-safe and lock-free: the limit is a double in an atomic long swapped by compare-and-set.
 */
public interface ConcurrencyLimit extends Policy {

  /** The policy kind, {@value}. */
  String KIND = "concurrencyLimit";

  /** Creates a limit configured by {@code block}. */
  static ConcurrencyLimit of(String name, Consumer<ConcurrencyLimitSpec> block) {
    ConcurrencyLimitSpec spec = new ConcurrencyLimitSpec(name);
    Require.nonNull(block, "block").accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link ConcurrencyLimitSpec#build()}. */
  static ConcurrencyLimitSpec builder(String name) {
    return new ConcurrencyLimitSpec(name);
  }

  /** The limit's name. */
  String name();

  @Override
  default String kind() {
    return KIND;
  }

  @Override
  default Set<Trait> traits() {
    return Set.of(Trait.JUDGES_OUTCOMES);
  }

  /** The current limit, for a gauge. */
  int limit();

  /** A read-out. */
  ConcurrencyLimitMetrics metrics();

  /** Registers a listener of limit changes. */
  Subscription onEvent(Consumer<? super ConcurrencyLimitEvent> listener);

  /**
   * Low-level permit, for callers outside a guard and for simulations: a start reading to hand to {@link #release},
   * or {@code Long.MIN_VALUE} when refused.
   */
  long tryAcquire();

  /** Gives back a permit taken at {@code startNanos}; {@code failed} marks a drop. */
  void release(long startNanos, boolean failed);
}
