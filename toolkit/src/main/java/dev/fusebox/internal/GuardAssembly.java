package dev.fusebox.internal;

import dev.fusebox.Guard;
import dev.fusebox.fallback.FallbackSpec;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.spi.ObserverGroup;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.Stage;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Turns a guard's policies into its chain of stages, innermost first, after checking the composition.
 *
 * <p>Thread-safe: stateless.
 */
public final class GuardAssembly {

  private GuardAssembly() {
  }

  /** Builds the guard; see {@code GuardSpec.build()}. */
  public static <T> Guard<T> assemble(Vertx vertx, String name, Clock clock, RandomGenerator random,
      List<Policy> policies, boolean hasFallback, List<GuardObserver> observers,
      List<Consumer<? super PolicyEvent>> listeners) {
    Composition.check(name, policies);
    GuardTelemetry telemetry = new GuardTelemetry(name, listeners);
    GuardContext context = new GuardContext(name, vertx, clock, telemetry, random);
    Generation first = generation(1, context, policies, policies, hasFallback);
    return new GuardImpl<>(vertx, name, context, first, hasFallback, ObserverGroup.of(observers), telemetry, clock);
  }

  /**
   * One configuration of a guard: the stages {@code builders} create, innermost first, reported as
   * {@code composition} (the policies the user composed; a reload builds from carry-over policies).
   */
  static Generation generation(long number, PolicyContext context, List<Policy> composition,
      List<Policy> builders, boolean hasFallback) {
    List<Stage> stages = new ArrayList<>(builders.size());
    Stage head = GuardImpl.TERMINAL;
    for (int i = builders.size() - 1; i >= 0; i--) {
      head = builders.get(i).createStage(context, head);
      if (head == null) {
        throw Require.invalid("policy " + builders.get(i).kind(), "must create a stage", "null");
      }
      stages.add(head);
    }
    Collections.reverse(stages);
    // Without a fallback policy, a fallback given with a call covers every failure of that call.
    Stage perCallFallback = hasFallback ? head : new FallbackSpec<Object>().toPolicy().createStage(context, head);
    return new Generation(number, head, perCallFallback, composition, stages);
  }
}
