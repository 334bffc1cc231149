package dev.fusebox.retry.internal;

import dev.fusebox.retry.RetryEvent;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The retry policy of a configuration several guards are built from ({@code g.retry(r -> ...)}, JSON): each guard
 * gets a retry (and budget) of its own, named after it, on its clock and random source.
 *
 * <p>Thread-safe: immutable.
 */
public final class RetryTemplate implements Policy {

  private final RetryConfig config;

  public RetryTemplate(RetryConfig config) {
    this.config = config;
  }

  /** The settings for the guard of {@code context}. */
  RetryConfig configFor(PolicyContext context) {
    RandomGenerator random = context.random();
    return config.forGuard(context.guardName(), context.clock()).withRandom(random::nextDouble);
  }

  @Override
  public String kind() {
    return RetryEvent.KIND;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.REPEATS);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return new RetryImpl(configFor(context)).createStage(context, next);
  }
}
