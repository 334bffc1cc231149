package dev.fusebox.internal;

import dev.fusebox.Outcome;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.ExecutionObserver;
import java.lang.System.Logger.Level;
import java.time.Duration;

/**
 * Wraps an observer so that one that throws is logged and never fails the call it watches.
 *
 * <p>Thread-safe if the wrapped observer is.
 */
final class SafeObserver implements ExecutionObserver {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final ExecutionObserver delegate;

  SafeObserver(ExecutionObserver delegate) {
    this.delegate = delegate;
  }

  private static void failed(String what, Throwable t) {
    LOG.log(Level.WARNING, "guard observer threw in " + what + "; ignored", t);
  }

  @Override
  public Scope enter(int attempt) {
    try {
      Scope scope = delegate.enter(attempt);
      if (scope == null) {
        return Scope.NOOP;
      }
      return () -> {
        try {
          scope.close();
        } catch (Throwable t) {
          failed("scope close", t);
        }
      };
    } catch (Throwable t) {
      failed("enter", t);
      return Scope.NOOP;
    }
  }

  @Override
  public void onAdmitted(String breaker, CircuitState state) {
    try {
      delegate.onAdmitted(breaker, state);
    } catch (Throwable t) {
      failed("onAdmitted", t);
    }
  }

  @Override
  public void onTransition(String breaker, CircuitState from, CircuitState to) {
    try {
      delegate.onTransition(breaker, from, to);
    } catch (Throwable t) {
      failed("onTransition", t);
    }
  }

  @Override
  public void onRetry(int nextAttempt, Duration delay, Throwable cause) {
    try {
      delegate.onRetry(nextAttempt, delay, cause);
    } catch (Throwable t) {
      failed("onRetry", t);
    }
  }

  @Override
  public void onTimeout(Duration timeout) {
    try {
      delegate.onTimeout(timeout);
    } catch (Throwable t) {
      failed("onTimeout", t);
    }
  }

  @Override
  public void onFallback(Throwable cause) {
    try {
      delegate.onFallback(cause);
    } catch (Throwable t) {
      failed("onFallback", t);
    }
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure) {
    try {
      delegate.onEnd(outcome, failure);
    } catch (Throwable t) {
      failed("onEnd", t);
    }
  }
}
