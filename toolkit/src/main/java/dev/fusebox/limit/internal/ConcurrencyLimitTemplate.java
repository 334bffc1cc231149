package dev.fusebox.limit.internal;

import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import java.util.Set;

/**
 * The policy {@code ConcurrencyLimitSpec.toPolicy()} returns: each guard built with it gets a limit of its own,
 * named after the guard; at a reload, its settings reconfigure the limit a guard already has.
 *
 * <p>Immutable and thread-safe.
 *
 * @param config the settings; the name comes from each guard
 * @param clock the spec's own clock, or null for the guard's
 */
public record ConcurrencyLimitTemplate(LimitConfig config, Clock clock) implements Policy {

  @Override
  public String kind() {
    return ConcurrencyLimit.KIND;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.JUDGES_OUTCOMES);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    ConcurrencyLimitImpl limit = new ConcurrencyLimitImpl(config.withName(context.guardName()), clock);
    return limit.stageIn(context, next, true);
  }
}
