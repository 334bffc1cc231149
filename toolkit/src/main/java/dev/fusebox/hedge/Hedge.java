package dev.fusebox.hedge;

import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Require;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Hedging: when the attempt in flight has not answered after a delay, another one starts (up to
 * {@code maxHedgedAttempts} more); the first acceptable outcome wins and every loser is cancelled through its
 * attempt's cancellation hooks (the WebClient integration resets the losing HTTP requests). Hedges are charged to a
 * retry-style budget, so a slow dependency is not hit with twice the load. Policies listed after it (timeout,
 * breaker, bulkhead) see each attempt separately; those before it see one call.
 *
 * <p>Stateful (budget, counters): share one instance with {@link #of} or let a guard create its own with
 * {@code g.hedge(h -> ...)}. Thread-safe and lock-free.
 */
public interface Hedge extends Policy {

  /** Creates a hedge configured by {@code block}. */
  static Hedge of(String name, Consumer<HedgeSpec> block) {
    HedgeSpec spec = new HedgeSpec(name);
    Require.nonNull(block, "block").accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link HedgeSpec#build()}. */
  static HedgeSpec builder(String name) {
    return new HedgeSpec(name);
  }

  /** The hedge's name. */
  String name();

  @Override
  default String kind() {
    return HedgeEvent.KIND;
  }

  @Override
  default Set<Trait> traits() {
    return Set.of(Trait.REPEATS);
  }

  /** A read-out of the counters. */
  HedgeMetrics metrics();
}
