package dev.fusebox.stale;

import dev.fusebox.ValidationException;
import dev.fusebox.internal.Predicates;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.Policy;
import dev.fusebox.stale.internal.StaleTemplate;
import dev.fusebox.stale.internal.StaleValueImpl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The configuration DSL of a {@link StaleValue}. Defaults: values served up to {@link #DEFAULT_MAX_STALENESS} after
 * they were stored, a {@linkplain StaleCache#bounded bounded} cache of {@value #DEFAULT_MAX_ENTRIES} entries, every
 * non-null result remembered, every failure answered from it, served values unchanged, concurrent calls for one key
 * coalesced, a call answered from it only once it failed (see {@link #serveStaleAfter}).
 *
 * <p>Not thread-safe: configure on one thread, then build.
 *
 * @param <T> the result type
 */
public final class StaleSpec<T> {

  /** Default longest time a remembered value is served after it was stored. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMinutes(10);
  /** Default bound of the toolkit's own cache. */
  public static final int DEFAULT_MAX_ENTRIES = 10_000;

  private final String name;
  private Duration maxStaleness = DEFAULT_MAX_STALENESS;
  private StaleCache<T> cache;
  private Integer maxEntries;
  private final List<Predicate<Throwable>> selectors = new ArrayList<>();
  private Predicate<? super T> storeWhen = value -> true;
  private BiFunction<? super T, Duration, ? extends T> asStale;
  private boolean coalesce = true;
  private Duration serveStaleAfter;

  StaleSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** Serves a remembered value for at most {@code maxStaleness} after it was stored; >= 1 ms. */
  public StaleSpec<T> maxStaleness(Duration maxStaleness) {
    this.maxStaleness = Require.positive(maxStaleness, "maxStaleness");
    return this;
  }

  /** Keeps the values in {@code cache} (one the application runs, a Caffeine cache) instead of the default one. */
  public StaleSpec<T> cache(StaleCache<T> cache) {
    this.cache = Require.nonNull(cache, "cache");
    return this;
  }

  /** Bounds the default cache to {@code maxEntries} keys; >= 1. Not with {@link #cache}, which bounds itself. */
  public StaleSpec<T> maxEntries(int maxEntries) {
    this.maxEntries = Require.atLeast(1, maxEntries, "maxEntries");
    return this;
  }

  /** Answers failures of these types or their subtypes from the cache (with {@link #when}: either). */
  @SafeVarargs
  public final StaleSpec<T> on(Class<? extends Throwable>... types) {
    selectors.add(Predicates.anyType(types, "on"));
    return this;
  }

  /** Answers failures matching {@code predicate} from the cache. */
  public StaleSpec<T> when(Predicate<Throwable> predicate) {
    selectors.add(Require.nonNull(predicate, "when"));
    return this;
  }

  /** Remembers only the results matching {@code predicate} (a {@code 200}, not a {@code 404}). */
  public StaleSpec<T> storeWhen(Predicate<? super T> predicate) {
    this.storeWhen = Require.nonNull(predicate, "storeWhen");
    return this;
  }

  /**
   * Marks a served value so the caller can tell it is stale: {@code mark} gets the remembered value and its age
   * and returns what the call yields (a response with an {@code Age} header, a wrapper type). Runs once for each
   * call served; one that throws or returns null fails that call with the original failure kept.
   */
  public StaleSpec<T> asStale(BiFunction<? super T, Duration, ? extends T> mark) {
    this.asStale = Require.nonNull(mark, "asStale");
    return this;
  }

  /** Whether concurrent calls for one key share the call in flight (default true). */
  public StaleSpec<T> coalesce(boolean coalesce) {
    this.coalesce = coalesce;
    return this;
  }

  /**
   * Answers a call with its remembered value once it has run for {@code serveStaleAfter} without an outcome, instead
   * of waiting for it to fail (a latency budget's soft deadline, below the timeout inside). The call goes on, bounded
   * by the policies inside; its outcome still counts for them and a good result still refreshes the value. A call
   * for a key with nothing remembered (or nothing young enough) waits as before. The served event's cause is a
   * {@link dev.fusebox.GuardTimeoutException} of {@code serveStaleAfter}. Off by default; >= 1 ms.
   */
  public StaleSpec<T> serveStaleAfter(Duration serveStaleAfter) {
    this.serveStaleAfter = Require.positive(serveStaleAfter, "serveStaleAfter");
    return this;
  }

  /**
   * Builds the policy.
   *
   * @throws ValidationException when {@link #maxEntries} is given with a cache of the application's
   */
  public StaleValue<T> build() {
    return factory().apply(name);
  }

  /**
   * The policy of a configuration that several guards are built from (JSON, a client's template): each guard gets
   * a stale value of its own, named after the guard, with its own default cache (a cache given with
   * {@link #cache} is shared by all of them).
   *
   * @throws ValidationException as {@link #build()}
   */
  public Policy toPolicy() {
    return new StaleTemplate<>(factory());
  }

  private Function<String, StaleValueImpl<T>> factory() {
    if (cache != null && maxEntries != null) {
      throw new ValidationException("maxEntries", "bounds only the default cache; a cache given with cache(..)"
          + " bounds itself", String.valueOf(maxEntries));
    }
    StaleCache<T> own = cache;
    int bound = maxEntries != null ? maxEntries : DEFAULT_MAX_ENTRIES;
    Predicate<Throwable> any = Predicates.anyOf(selectors);
    Predicate<Throwable> selector = any != null ? any : t -> true;
    Duration staleness = maxStaleness;
    Predicate<? super T> store = storeWhen;
    BiFunction<? super T, Duration, ? extends T> mark = asStale;
    boolean join = coalesce;
    Duration early = serveStaleAfter;
    return guardName -> new StaleValueImpl<>(guardName, staleness, own != null ? own : StaleCache.bounded(bound),
        own != null, selector, store, mark, join, early);
  }
}
