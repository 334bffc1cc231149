package dev.fusebox.hedge.internal;

import dev.fusebox.hedge.HedgeEvent;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import java.util.Set;

/**
 * The hedge policy of a configuration several guards are built from ({@code g.hedge(h -> ...)}, JSON): each guard
 * gets a hedge (and budget) of its own, named after it.
 *
 * <p>Thread-safe: immutable.
 *
 * @param config the settings
 */
public record HedgeTemplate(HedgeConfig config) implements Policy {

  @Override
  public String kind() {
    return HedgeEvent.KIND;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.REPEATS);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return new HedgeImpl(config.named(context.guardName())).createStage(context, next);
  }
}
