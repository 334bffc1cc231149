package dev.fusebox.retry.internal;

import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Stage;
import java.util.Set;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;

/**
 * A retry inside a guard: runs the inner stages as attempt 1, and when the outcome may be retried, lets a
 * {@link RetryRun} schedule the next attempts on the guard's clock. A call whose first attempt succeeds at once
 * allocates no per-call object beyond its attempt scope.
 *
 * <p>Thread-safe: stateless apart from the shared retry.
 */
final class RetryStage implements Stage, Reconfigurable {

  final RetryImpl retry;
  final Clock clock;
  final Telemetry telemetry;
  final Stage next;

  RetryStage(RetryImpl retry, PolicyContext context, Stage next) {
    this.retry = retry;
    this.clock = retry.config().clock();
    this.telemetry = context.telemetry();
    this.next = next;
  }

  @Override
  public Object policy() {
    return retry;
  }

  /**
   * A reload keeps this retry's budget (its window's calls and retries), counters and listeners under the new
   * settings; a shared retry given again is kept as it is, another shared one replaces it.
   */
  @Override
  public Policy reconfigure(Policy replacement) {
    if (!(replacement instanceof RetryTemplate template)) {
      return replacement;
    }
    RetryImpl running = retry;
    return new Policy() {
      @Override
      public String kind() {
        return template.kind();
      }

      @Override
      public Set<Trait> traits() {
        return template.traits();
      }

      @Override
      public Stage createStage(PolicyContext context, Stage next) {
        return running.successor(template.configFor(context)).createStage(context, next);
      }
    };
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    retry.onCall();
    AttemptScope attempt = scope.child(1);
    Future<T> first = next.run(execution, attempt);
    if (first.isComplete()) {
      attempt.finish();
      int verdict = retry.classify(first.cause(), first.result());
      if (verdict == RetryImpl.DONE) {
        return first;
      }
      RetryRun<T> run = new RetryRun<>(this, execution, scope);
      run.afterAttempt(first.result(), first.cause(), verdict);
      return run.future();
    }
    RetryRun<T> run = new RetryRun<>(this, execution, scope);
    run.watch(attempt, first);
    return run.future();
  }
}
