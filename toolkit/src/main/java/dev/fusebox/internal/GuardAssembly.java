package dev.fusebox.internal;

import dev.fusebox.Guard;
import dev.fusebox.fallback.FallbackSpec;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Require;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.spi.ObserverGroup;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyEvent;
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
    List<Stage> stages = new ArrayList<>(policies.size());
    Stage head = GuardImpl.TERMINAL;
    for (int i = policies.size() - 1; i >= 0; i--) {
      head = policies.get(i).createStage(context, head);
      if (head == null) {
        throw Require.invalid("policy " + policies.get(i).kind(), "must create a stage", "null");
      }
      stages.add(head);
    }
    Collections.reverse(stages);
    // Without a fallback policy, a fallback given with a call covers every failure of that call.
    Stage perCallFallback = hasFallback ? head : new FallbackSpec<T>().toPolicy().createStage(context, head);
    return new GuardImpl<>(vertx, name, policies, stages, perCallFallback,
        ObserverGroup.of(observers), telemetry, clock);
  }
}
