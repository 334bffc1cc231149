package dev.fusebox.internal;

import dev.fusebox.Outcome;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.ExecutionObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Forwards to several observers in registration order; scopes close in reverse order.
 *
 * <p>Thread-safe if the observers are.
 */
public final class CompositeObserver implements ExecutionObserver {

  private final List<ExecutionObserver> observers;

  public CompositeObserver(List<ExecutionObserver> observers) {
    this.observers = List.copyOf(observers.stream().map(o -> o == null ? NOOP : o).toList());
  }

  @Override
  public Scope enter(int attempt) {
    List<Scope> scopes = new ArrayList<>(observers.size());
    for (ExecutionObserver o : observers) {
      scopes.add(o.enter(attempt));
    }
    return () -> {
      for (int i = scopes.size() - 1; i >= 0; i--) {
        scopes.get(i).close();
      }
    };
  }

  @Override
  public void onAdmitted(String breaker, CircuitState state) {
    observers.forEach(o -> o.onAdmitted(breaker, state));
  }

  @Override
  public void onTransition(String breaker, CircuitState from, CircuitState to) {
    observers.forEach(o -> o.onTransition(breaker, from, to));
  }

  @Override
  public void onRetry(int nextAttempt, Duration delay, Throwable cause) {
    observers.forEach(o -> o.onRetry(nextAttempt, delay, cause));
  }

  @Override
  public void onTimeout(Duration timeout) {
    observers.forEach(o -> o.onTimeout(timeout));
  }

  @Override
  public void onFallback(Throwable cause) {
    observers.forEach(o -> o.onFallback(cause));
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure) {
    observers.forEach(o -> o.onEnd(outcome, failure));
  }
}
