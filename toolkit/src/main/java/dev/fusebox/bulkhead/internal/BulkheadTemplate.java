package dev.fusebox.bulkhead.internal;

import dev.fusebox.bulkhead.BulkheadEvent;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;

/**
 * The policy {@code BulkheadSpec.toPolicy()} returns: each guard built with it gets a bulkhead of its own, named
 * after the guard; at a reload, its settings resize the bulkhead a guard already has.
 *
 * <p>Immutable and thread-safe.
 *
 * @param config the settings; the name and, unless set, the clock come from each guard
 */
public record BulkheadTemplate(BulkheadConfig config) implements Policy {

  @Override
  public String kind() {
    return BulkheadEvent.KIND;
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return new BulkheadImpl(config.forGuard(context.guardName(), context.clock())).stage(next, true);
  }
}
