package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.circuitbreaker.CircuitBreakerEvent;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * The policy {@code CircuitBreakerSpec.toPolicy()} returns: each guard built with it gets a breaker of its own,
 * named after the guard, on its clock (unless set) and random source; at a reload, its settings reconfigure the
 * breaker a guard already has, which keeps its random source.
 *
 * <p>Immutable and thread-safe.
 *
 * @param config the settings; the name and, unless set, the clock come from each guard
 */
public record CircuitBreakerTemplate(CircuitBreakerConfig config) implements Policy {

  @Override
  public String kind() {
    return CircuitBreakerEvent.KIND;
  }

  @Override
  public Set<Trait> traits() {
    return Set.of(Trait.JUDGES_OUTCOMES);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    RandomGenerator random = context.random();
    CircuitBreakerImpl breaker = new CircuitBreakerImpl(
        config.forGuard(context.guardName(), context.clock()).withRandom(random::nextDouble));
    return breaker.stage(context, next, true);
  }
}
