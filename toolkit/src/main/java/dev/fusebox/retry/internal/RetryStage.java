package dev.fusebox.retry.internal;

import dev.fusebox.internal.AttemptScope;
import dev.fusebox.internal.Execution;
import dev.fusebox.internal.Stage;
import dev.fusebox.spi.Clock;
import io.vertx.core.Future;

/**
 * A retry inside a guard: runs the inner stages as attempt 1, and when the outcome may be retried, lets a
 * {@link RetryRun} schedule the next attempts on the guard's clock. A call whose first attempt succeeds at once
 * allocates no per-call object beyond its attempt scope.
 *
 * <p>Thread-safe: stateless apart from the shared retry.
 */
public final class RetryStage extends Stage {

  private final RetryImpl retry;
  private final Clock clock;

  /**
   * Creates the stage.
   *
   * @param clock the guard's clock, on which the delays between attempts are scheduled
   */
  public RetryStage(RetryImpl retry, Clock clock, Stage next) {
    super(next);
    this.retry = retry;
    this.clock = clock;
  }

  @Override
  public Object policy() {
    return retry;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    retry.onCall();
    Future<T> first = next.run(execution, new AttemptScope(scope, 1));
    if (first.isComplete()) {
      int verdict = retry.classify(first.cause(), first.result());
      if (verdict == RetryImpl.DONE) {
        return first;
      }
      RetryRun<T> run = new RetryRun<>(retry, clock, next, execution, scope);
      run.afterAttempt(first.result(), first.cause(), verdict);
      return run.future();
    }
    RetryRun<T> run = new RetryRun<>(retry, clock, next, execution, scope);
    first.onComplete(run);
    return run.future();
  }
}
