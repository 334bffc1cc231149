package dev.fusebox.stale.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.internal.Durations;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.stale.StaleCache;
import dev.fusebox.stale.StaleMetrics;
import dev.fusebox.stale.StaleValue;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * A {@link StaleValue}: its settings, and the state its stages share — the cache, the calls in flight by key, the
 * counters and the clock. A reload builds a successor with the new settings around the same state ({@link #carry}).
 *
 * <p>Thread-safe: immutable settings, concurrent state.
 *
 * @param <T> the result type
 */
public final class StaleValueImpl<T> implements StaleValue<T> {

  final String name;
  final long maxStalenessNanos;
  final StaleCache<T> cache;
  /** Whether the cache was given by the application (else it is the default bounded one). */
  final boolean ownCache;
  final Predicate<Throwable> selector;
  final Predicate<? super T> storeWhen;
  /** Marks a served value; null leaves it unchanged. */
  final BiFunction<? super T, Duration, ? extends T> asStale;
  final boolean coalesce;
  /** How long a call with a remembered value runs before it is answered with that value; null: until it fails. */
  final Duration serveStaleAfter;
  final State state;

  /** What the policy keeps across reloads. */
  static final class State {
    final ConcurrentHashMap<Object, Flight> flights = new ConcurrentHashMap<>();
    final LongAdder stored = new LongAdder();
    final LongAdder served = new LongAdder();
    final LongAdder missed = new LongAdder();
    final LongAdder coalesced = new LongAdder();
    final SharedClock clock;

    State(String name) {
      this.clock = new SharedClock("stale value", name, null);
    }
  }

  public StaleValueImpl(String name, Duration maxStaleness, StaleCache<T> cache, boolean ownCache,
      Predicate<Throwable> selector, Predicate<? super T> storeWhen,
      BiFunction<? super T, Duration, ? extends T> asStale, boolean coalesce, Duration serveStaleAfter) {
    this(name, Durations.toNanos(maxStaleness), cache, ownCache, selector, storeWhen, asStale, coalesce,
        serveStaleAfter, new State(name));
  }

  private StaleValueImpl(String name, long maxStalenessNanos, StaleCache<T> cache, boolean ownCache,
      Predicate<Throwable> selector, Predicate<? super T> storeWhen,
      BiFunction<? super T, Duration, ? extends T> asStale, boolean coalesce, Duration serveStaleAfter,
      State state) {
    this.name = name;
    this.maxStalenessNanos = maxStalenessNanos;
    this.cache = cache;
    this.ownCache = ownCache;
    this.selector = selector;
    this.storeWhen = storeWhen;
    this.asStale = asStale;
    this.coalesce = coalesce;
    this.serveStaleAfter = serveStaleAfter;
    this.state = state;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public StaleCache<T> cache() {
    return cache;
  }

  @Override
  public StaleMetrics metrics() {
    return new StaleMetrics(state.stored.sum(), state.served.sum(), state.missed.sum(), state.coalesced.sum(),
        cache.size());
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    state.clock.adopt(context.clock());
    return new StaleStage<>(this, context, next);
  }

  /**
   * The successor of this policy under {@code replacement}'s settings, on this one's cache and calls in flight.
   *
   * @throws ValidationException when the replacement names a cache of its own other than the running one, or
   *     bounds the default cache differently (its entries would be lost)
   */
  @SuppressWarnings("unchecked")
  StaleValueImpl<T> carry(Object replacement) {
    if (replacement == this) {
      return this;
    }
    if (replacement instanceof StaleTemplate<?> template) {
      replacement = template.forGuard(name);
    }
    if (!(replacement instanceof StaleValueImpl<?> next)) {
      throw new ValidationException("stale", "must be replaced by a policy of the toolkit's stale kind",
          replacement.getClass().getName());
    }
    if (next.ownCache && next.cache != cache) {
      throw new ValidationException("cache", "must stay the running cache when reconfigured in place (its values"
          + " would be lost; restart to change it)", next.cache.getClass().getName());
    }
    if (!next.ownCache && cache instanceof BoundedStaleCache<?> running
        && next.cache instanceof BoundedStaleCache<?> asked && running.maxEntries() != asked.maxEntries()) {
      throw new ValidationException("maxEntries", "must stay " + running.maxEntries() + " when reconfigured in"
          + " place (restart to resize the cache)", String.valueOf(asked.maxEntries()));
    }
    StaleValueImpl<T> n = (StaleValueImpl<T>) next;
    return new StaleValueImpl<>(name, n.maxStalenessNanos, cache, ownCache, n.selector, n.storeWhen, n.asStale,
        n.coalesce, n.serveStaleAfter, state);
  }
}
