package dev.fusebox.stale;

import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Require;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The stale-value fallback with request coalescing. For a call given a key ({@code guard.execute(key, op)}):
 * <ul>
 *   <li>a good result is remembered under the key ({@link StaleSpec#storeWhen which results}, in a
 *       {@link StaleCache});</li>
 *   <li>when the call fails or is refused ({@link StaleSpec#on which failures}; by default every one), the value
 *       remembered for the key is served instead, if it is no older than {@link StaleSpec#maxStaleness} — marked by
 *       {@link StaleSpec#asStale} so the caller can tell, counted as a {@code FALLBACK} outcome, reported as a
 *       {@link StaleEvent.Served};</li>
 *   <li>a call for a key that a call already in flight is fetching does not run: it shares that call's outcome
 *       (single flight), so a thundering herd on one key is one request to the dependency.</li>
 * </ul>
 * A call given no key passes through untouched.
 *
 * <p>List it outermost, or right inside an overall timeout whose expiry it should answer: the policies inside it
 * (retry, breaker, timeout) then see one call per key in flight, and every way the call can fail — a rejection, a
 * timeout, the last retry's failure — finds the remembered value. Because coalesced calls share one outcome, keep a
 * timeout inside it: a call that never completes holds every call that joined it.
 *
 * <p>Stateful (the cache, the calls in flight, counters): share one instance between guards with {@link #of}, or
 * let a guard create its own with {@code g.stale(s -> ...)}. A reload keeps the cache and the calls in flight.
 * Thread-safe and lock-free.
 *
 * @param <T> the result type
 */
public interface StaleValue<T> extends Policy {

  /** Creates a stale-value policy named {@code name}, configured by {@code block}. */
  static <T> StaleValue<T> of(String name, Consumer<StaleSpec<T>> block) {
    StaleSpec<T> spec = new StaleSpec<>(name);
    Require.nonNull(block, "block").accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link StaleSpec#build()}. */
  static <T> StaleSpec<T> builder(String name) {
    return new StaleSpec<>(name);
  }

  /** The policy's name. */
  String name();

  /** The cache the remembered values live in. */
  StaleCache<T> cache();

  /** A read-out of the counters. */
  StaleMetrics metrics();

  @Override
  default String kind() {
    return StaleEvent.KIND;
  }

  @Override
  default Set<Trait> traits() {
    return Set.of(Trait.RECOVERS);
  }
}
