package dev.fusebox.fallback;

import dev.fusebox.fallback.internal.FallbackStage;
import dev.fusebox.internal.Predicates;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Which failures fall back, and optionally to what. The handler can also be given per call
 * ({@code guard.execute(op, failure -> cache.lookup(id))}), which takes precedence, so one guard serves calls that
 * need per-call data without building a guard per call.
 *
 * <p>With neither {@link #on} nor {@link #when}, every failure falls back. A failure that falls back with no handler
 * (none here, none given with the call) reaches the caller unchanged.
 *
 * <p>Not thread-safe: configure on one thread.
 *
 * @param <T> the result type
 */
public final class FallbackSpec<T> {

  private final List<Predicate<Throwable>> selectors = new ArrayList<>();
  private Function<Throwable, Future<T>> handler;

  /** Creates an empty spec; guards create it for {@code g.fallback(f -> ...)}. */
  public FallbackSpec() {
  }

  /** Falls back on failures of these types or their subtypes. */
  @SafeVarargs
  public final FallbackSpec<T> on(Class<? extends Throwable>... types) {
    selectors.add(Predicates.anyType(types, "on"));
    return this;
  }

  /** Falls back on failures matching {@code predicate}. */
  public FallbackSpec<T> when(Predicate<Throwable> predicate) {
    selectors.add(Require.nonNull(predicate, "when"));
    return this;
  }

  /** Produces the fallback result asynchronously from the failure. */
  public FallbackSpec<T> with(Function<Throwable, Future<T>> handler) {
    this.handler = Require.nonNull(handler, "with");
    return this;
  }

  /** Falls back to a constant value. */
  public FallbackSpec<T> value(T value) {
    Future<T> result = Future.succeededFuture(value);
    this.handler = failure -> result;
    return this;
  }

  /**
   * Copies the settings into the policy a guard is built with. A guard that has it hands its selected failures to
   * the handler given with the call, else to this spec's.
   */
  public Policy toPolicy() {
    Predicate<Throwable> any = Predicates.anyOf(selectors);
    Predicate<Throwable> selector = any != null ? any : t -> true;
    Function<Throwable, Future<T>> h = handler;
    return new Policy() {
      @Override
      public String kind() {
        return FallbackEvent.KIND;
      }

      @Override
      public Set<Trait> traits() {
        return Set.of(Trait.RECOVERS);
      }

      @Override
      public Stage createStage(PolicyContext context, Stage next) {
        return new FallbackStage(context, selector, h, next);
      }
    };
  }
}
