package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Outcome;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;

/**
 * The span of one guarded execution: records the decisions the guard reports and ends when the caller's future
 * completes.
 *
 * <p>Thread-safe enough for its contract: the guard calls an execution's observer methods one after another, never
 * concurrently; the span itself is thread-safe.
 */
public final class ExecutionSpan implements ExecutionObserver {

  private final Span span;
  private final Context context;
  private volatile boolean stateRecorded;

  public ExecutionSpan(Span span, Context context) {
    this.span = span;
    this.context = context;
  }

  @Override
  public Scope enter(int attempt) {
    span.setAttribute(FuseboxAttributes.RETRY_ATTEMPT, (long) attempt);
    io.opentelemetry.context.Scope scope = context.makeCurrent();
    return scope::close;
  }

  @Override
  public void onAdmitted(String breaker, CircuitState state) {
    stateRecorded = true;
    span.setAttribute(FuseboxAttributes.CIRCUIT_STATE, state.label());
  }

  @Override
  public void onTransition(String breaker, CircuitState from, CircuitState to) {
    String label = from.label() + "_to_" + to.label();
    span.setAttribute(FuseboxAttributes.CIRCUIT_TRANSITION, label);
    span.addEvent(FuseboxAttributes.EVENT_TRANSITION, Attributes.of(
        FuseboxAttributes.CIRCUIT_NAME, breaker,
        FuseboxAttributes.CIRCUIT_TRANSITION, label));
  }

  @Override
  public void onRetry(int nextAttempt, Duration delay, Throwable cause) {
    span.addEvent(FuseboxAttributes.EVENT_RETRY, Attributes.of(
        FuseboxAttributes.RETRY_ATTEMPT, (long) nextAttempt,
        FuseboxAttributes.RETRY_DELAY_MS, delay.toMillis(),
        FuseboxAttributes.EXCEPTION_TYPE, typeOf(cause),
        FuseboxAttributes.EXCEPTION_MESSAGE, messageOf(cause)));
  }

  @Override
  public void onTimeout(Duration timeout) {
    span.addEvent(FuseboxAttributes.EVENT_TIMEOUT, Attributes.of(FuseboxAttributes.TIMEOUT_MS, timeout.toMillis()));
  }

  @Override
  public void onFallback(Throwable cause) {
    span.addEvent(FuseboxAttributes.EVENT_FALLBACK, Attributes.of(
        FuseboxAttributes.EXCEPTION_TYPE, typeOf(cause),
        FuseboxAttributes.EXCEPTION_MESSAGE, messageOf(cause)));
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure) {
    if (!stateRecorded && failure instanceof CircuitOpenException open) {
      span.setAttribute(FuseboxAttributes.CIRCUIT_STATE, open.state().label());
    }
    span.setAttribute(FuseboxAttributes.OUTCOME, outcome.label());
    if (failure != null) {
      span.recordException(failure);
      span.setStatus(StatusCode.ERROR, messageOf(failure));
    }
    span.end();
  }

  private static String typeOf(Throwable t) {
    return t == null ? "" : t.getClass().getName();
  }

  private static String messageOf(Throwable t) {
    String message = t == null ? null : t.getMessage();
    return message == null ? "" : message;
  }
}
