package dev.fusebox.vertx.telemetry.internal;

import dev.fusebox.Outcome;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.time.Duration;
import java.util.Map;

/**
 * The span of one guarded execution: a span event for every policy event, the events' call attributes on the span,
 * and the outcome when the caller's future completes. Knows no policy: a user's policy is traced like the built-ins.
 *
 * <p>Thread-safe: the span is thread-safe and this class holds nothing else mutable, so attempts running in
 * parallel (hedging) may report at once.
 */
public final class ExecutionSpan implements ExecutionObserver {

  private final Span span;
  private final Context context;

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
  public void onEvent(PolicyEvent event) {
    for (Map.Entry<String, Object> e : event.callAttributes().entrySet()) {
      set(span, e.getKey(), e.getValue());
    }
    if (event.isSpanEvent()) {
      span.addEvent(event.name(), attributes(event.attributes()));
    }
  }

  @Override
  public void onEnd(Outcome outcome, Throwable failure, Duration elapsed) {
    span.setAttribute(FuseboxAttributes.OUTCOME, outcome.label());
    if (failure != null) {
      span.recordException(failure);
      String message = failure.getMessage();
      span.setStatus(StatusCode.ERROR, message == null ? "" : message);
    }
    span.end();
  }

  /** OpenTelemetry attributes from an event's map: strings, longs, doubles and booleans as such, others as text. */
  static Attributes attributes(Map<String, Object> values) {
    if (values.isEmpty()) {
      return Attributes.empty();
    }
    AttributesBuilder b = Attributes.builder();
    for (Map.Entry<String, Object> e : values.entrySet()) {
      Object v = e.getValue();
      if (v instanceof Long || v instanceof Integer || v instanceof Short) {
        b.put(e.getKey(), ((Number) v).longValue());
      } else if (v instanceof Double || v instanceof Float) {
        b.put(e.getKey(), ((Number) v).doubleValue());
      } else if (v instanceof Boolean bool) {
        b.put(e.getKey(), bool);
      } else {
        b.put(e.getKey(), String.valueOf(v));
      }
    }
    return b.build();
  }

  private static void set(Span span, String key, Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      span.setAttribute(key, ((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      span.setAttribute(key, ((Number) v).doubleValue());
    } else if (v instanceof Boolean bool) {
      span.setAttribute(key, bool);
    } else {
      span.setAttribute(key, String.valueOf(v));
    }
  }
}
