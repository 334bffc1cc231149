package dev.fusebox.vertx.telemetry;

import dev.fusebox.spi.Require;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.vertx.telemetry.internal.ExecutionSpan;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

/**
 * Traces every guarded execution as an {@code INTERNAL} span named {@code fusebox <guard name>}, a child of the
 * span current when {@code execute} was called. Add it to a guard with {@code g.observer(tracing)}.
 *
 * <p>While the operation starts, the guard span is made current, so a span the operation opens — the HTTP client
 * span of a guarded {@code WebClient} call, say — becomes its child. With vertx-opentelemetry installed, the tree of
 * a request handled by a guarded call is: HTTP server span → {@code fusebox <guard>} → HTTP client span (one per
 * attempt).
 *
 * <p>Attributes ({@link FuseboxAttributes}): {@code fusebox.guard}; {@code circuit.state} as the breaker admitted
 * or rejected the call; {@code circuit.transition} ({@code closed_to_open}, ...) when this execution moved a
 * breaker; {@code retry.attempt}, the number of the last attempt; {@code fusebox.outcome}. Events: one per retry,
 * per transition, per expired timeout and per fallback. The status is {@code ERROR} only when the caller got a
 * failure; a fallback that succeeded leaves it unset.
 *
 * <p>Thread-safe: holds only the tracer; each execution gets its own span.
 */
public final class FuseboxTracing implements GuardObserver {

  private final Tracer tracer;

  private FuseboxTracing(Tracer tracer) {
    this.tracer = tracer;
  }

  /** Traces with the tracer of scope {@value FuseboxAttributes#INSTRUMENTATION_SCOPE} from {@code openTelemetry}. */
  public static FuseboxTracing create(OpenTelemetry openTelemetry) {
    return new FuseboxTracing(
        Require.nonNull(openTelemetry, "openTelemetry").getTracer(FuseboxAttributes.INSTRUMENTATION_SCOPE));
  }

  /** Traces with {@code tracer}. */
  public static FuseboxTracing create(Tracer tracer) {
    return new FuseboxTracing(Require.nonNull(tracer, "tracer"));
  }

  @Override
  public ExecutionObserver onStart(String guardName) {
    Context parent = Context.current();
    Span span = tracer.spanBuilder(FuseboxAttributes.SPAN_NAME_PREFIX + guardName)
        .setSpanKind(SpanKind.INTERNAL)
        .setParent(parent)
        .setAttribute(FuseboxAttributes.GUARD, guardName)
        .startSpan();
    return new ExecutionSpan(span, parent.with(span));
  }
}
