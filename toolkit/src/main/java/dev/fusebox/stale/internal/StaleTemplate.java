package dev.fusebox.stale.internal;

import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.stale.StaleEvent;
import java.util.Set;
import java.util.function.Function;

/**
 * The stale-value policy of a configuration several guards are built from: each guard gets its own
 * {@link StaleValueImpl}, named after it. At a reload the running stage takes the template's settings with
 * {@link StaleValueImpl#carry}.
 *
 * <p>Thread-safe: immutable.
 *
 * @param <T> the result type
 */
public final class StaleTemplate<T> implements Policy {

  private final Function<String, StaleValueImpl<T>> factory;

  public StaleTemplate(Function<String, StaleValueImpl<T>> factory) {
    this.factory = factory;
  }

  /** A stale value with these settings for the guard {@code guardName}. */
  StaleValueImpl<T> forGuard(String guardName) {
    return factory.apply(guardName);
  }

  @Override
  public String kind() {
    return StaleEvent.KIND;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.RECOVERS);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return forGuard(context.guardName()).createStage(context, next);
  }
}
