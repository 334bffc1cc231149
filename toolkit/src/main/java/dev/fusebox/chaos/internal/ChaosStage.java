package dev.fusebox.chaos.internal;

import dev.fusebox.chaos.Chaos;
import dev.fusebox.chaos.ChaosEvent;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.random.RandomGenerator;

/**
 * Injects at the configured rates: one draw of the guard's random source per enabled call picks a fault, a result,
 * a delay or nothing (the rates add up, fault first; their sum is capped at 1). A delay runs on a timer of the
 * guard's clock on the caller's context; cancelling the attempt calls the timer off.
 *
 * <p>Thread-safe: stateless apart from the policy's counters.
 */
public final class ChaosStage implements Stage {

  private final Chaos chaos;
  private final ChaosConfig config;
  private final Clock clock;
  private final Telemetry telemetry;
  private final RandomGenerator random;
  private final Stage next;

  public ChaosStage(Chaos chaos, ChaosConfig config, PolicyContext context, Stage next) {
    this.chaos = chaos;
    this.config = config;
    this.clock = context.clock();
    this.telemetry = context.telemetry();
    this.random = context.random();
    this.next = next;
  }

  @Override
  public Object policy() {
    return chaos;
  }

  @Override
  @SuppressWarnings("unchecked")
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    if (!config.enabled().getAsBoolean()) {
      return next.run(execution, scope);
    }
    chaos.counted(0);
    double draw = random.nextDouble();
    double fault = config.fault() == null ? 0 : clamp(config.faultRate().getAsDouble());
    double outcome = config.outcome() == null ? 0 : clamp(config.outcomeRate().getAsDouble());
    double latency = clamp(config.latencyRate().getAsDouble());
    try {
      if (draw < fault) {
        Throwable t = config.fault().get();
        chaos.counted(1);
        report(execution, new ChaosEvent.FaultInjected(config.name(), t));
        return execution.failed(t);
      }
      if (draw < fault + outcome) {
        Object value = config.outcome().get();
        chaos.counted(3);
        report(execution, new ChaosEvent.OutcomeInjected(config.name()));
        return ((io.vertx.core.internal.ContextInternal) execution.context()).succeededFuture((T) value);
      }
    } catch (Throwable supplierFailed) {
      return execution.failed(supplierFailed);
    }
    if (draw < fault + outcome + latency) {
      chaos.counted(2);
      report(execution, new ChaosEvent.LatencyInjected(config.name(), config.latency()));
      Promise<T> promise = execution.promise();
      Clock.Cancellable timer = clock.schedule(execution.context(), config.latency(), () -> {
        if (!scope.isCancelled()) {
          next.run(execution, scope).onComplete(promise);
        }
      });
      scope.onCancel(timer::cancel);
      return promise.future();
    }
    return next.run(execution, scope);
  }

  private void report(Execution<?> execution, ChaosEvent event) {
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, event);
    }
  }

  private static double clamp(double rate) {
    return Double.isNaN(rate) ? 0 : Math.max(0, Math.min(1, rate));
  }
}
