package dev.fusebox.ratelimiter.internal;

import dev.fusebox.ratelimiter.RateLimiterEvent;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;

/**
 * The policy {@code RateLimiterSpec.toPolicy()} returns: each guard built with it gets a rate limiter of its own,
 * named after the guard; at a reload, its settings change the rate of the limiter a guard already has.
 *
 * <p>Immutable and thread-safe.
 *
 * @param config the settings; the name and, unless set, the clock come from each guard
 */
public record RateLimiterTemplate(RateLimiterConfig config) implements Policy {

  @Override
  public String kind() {
    return RateLimiterEvent.KIND;
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return new RateLimiterImpl(config.forGuard(context.guardName(), context.clock())).stage(next, true);
  }
}
