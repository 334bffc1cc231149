package dev.fusebox.vertx.telemetry;

import io.opentelemetry.api.common.AttributeKey;
import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.testing.ManualClock;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The guard span's attributes, events and status for each outcome, without HTTP in the way. */
@ExtendWith(VertxExtension.class)
class FuseboxTracingTest {

  private final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  private final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  private final FuseboxTracing tracing = FuseboxTracing.create(tracerProvider.get("test"));
  private final ManualClock clock = new ManualClock();
  private Vertx vertx;
  private Context context;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() {
    tracerProvider.close();
  }

  private SpanData onlySpan(String name) {
    List<SpanData> spans = exporter.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(spans).hasSize(1);
    return spans.get(0);
  }

  @Test
  void the_guard_span_is_a_child_of_the_current_span_and_the_current_span_while_the_operation_starts() {
    Guard<String> guard = Guard.of(vertx, "users", g -> g.observer(tracing));
    Span[] seenInside = new Span[1];
    Span parent = tracerProvider.get("test").spanBuilder("parent").startSpan();
    String value = result(call(context, () -> {
      Scope scope = parent.makeCurrent();
      try {
        return guard.execute(() -> {
          seenInside[0] = Span.current();
          return Future.succeededFuture("ok");
        });
      } finally {
        scope.close();
      }
    }));
    parent.end();
    assertThat(value).isEqualTo("ok");
    SpanData span = onlySpan("fusebox users");
    assertThat(span.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(span.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(seenInside[0].getSpanContext().getSpanId()).isEqualTo(span.getSpanId());
    assertThat(span.getAttributes().get(FuseboxAttributes.GUARD)).isEqualTo("users");
    assertThat(span.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("success");
    assertThat(span.getAttributes().get(FuseboxAttributes.CIRCUIT_STATE)).isNull();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
  }

  @Test
  void a_timeout_is_an_event_the_outcome_timeout_and_an_error() {
    Guard<String> guard = Guard.of(vertx, "slow", g -> g.clock(clock).observer(tracing)
        .timeout(Duration.ofMillis(800)));
    Promise<String> never = Promise.promise();
    Future<String> result = call(context, () -> guard.execute(never::future));
    on(context, () -> clock.advance(Duration.ofMillis(800)));
    failure(result);
    SpanData span = onlySpan("fusebox slow");
    assertThat(span.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("timeout");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("guard 'slow' timed out after 800ms");
    assertThat(span.getEvents()).extracting(EventData::getName)
        .contains(FuseboxAttributes.EVENT_TIMEOUT, "exception");
    EventData timeout = span.getEvents().stream()
        .filter(e -> e.getName().equals(FuseboxAttributes.EVENT_TIMEOUT)).findFirst().orElseThrow();
    assertThat(timeout.getAttributes().get(FuseboxAttributes.TIMEOUT_MS)).isEqualTo(800L);
  }

  @Test
  void a_rejection_that_falls_back_is_outcome_fallback_with_no_error_and_the_state_recorded() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("users-breaker");
    breaker.forceOpen();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.observer(tracing).circuitBreaker(breaker));
    String value = result(call(context, () -> guard.execute(() -> Future.succeededFuture("live"),
        failure -> Future.succeededFuture("cached"))));
    assertThat(value).isEqualTo("cached");
    SpanData span = onlySpan("fusebox users");
    assertThat(span.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("fallback");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    // the rejection is a span event of its own (any rejecting policy gets one), then the fallback replaces it
    assertThat(span.getEvents()).extracting(EventData::getName)
        .containsExactly("fusebox.rejected", FuseboxAttributes.EVENT_FALLBACK);
    assertThat(span.getEvents().get(0).getAttributes().get(AttributeKey.stringKey("fusebox.policy.kind")))
        .isEqualTo("circuitBreaker");
    assertThat(span.getEvents().get(1).getAttributes().get(FuseboxAttributes.EXCEPTION_TYPE))
        .isEqualTo("dev.fusebox.CircuitOpenException");
  }

  @Test
  void a_rejection_reaching_the_caller_records_the_breaker_state_and_an_error() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("users-breaker");
    breaker.forceOpen();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.observer(tracing).circuitBreaker(breaker));
    failure(call(context, () -> guard.execute(() -> Future.succeededFuture("live"))));
    SpanData span = onlySpan("fusebox users");
    assertThat(span.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("rejected");
    assertThat(span.getAttributes().get(FuseboxAttributes.CIRCUIT_STATE)).isEqualTo("forced_open");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
  }

  @Test
  void a_success_after_a_retry_keeps_the_retry_event_and_the_last_attempt_number_without_error() {
    int[] calls = new int[1];
    Guard<String> guard = Guard.of(vertx, "flaky", g -> g.clock(clock).observer(tracing)
        .retry(r -> r.maxAttempts(3).fixedBackoff(Duration.ZERO)));
    String value = result(call(context, () -> guard.execute(() -> ++calls[0] < 3
        ? Future.failedFuture(new IllegalStateException("boom " + calls[0]))
        : Future.succeededFuture("third time"))));
    assertThat(value).isEqualTo("third time");
    SpanData span = onlySpan("fusebox flaky");
    assertThat(span.getAttributes().get(FuseboxAttributes.RETRY_ATTEMPT)).isEqualTo(3L);
    assertThat(span.getAttributes().get(FuseboxAttributes.OUTCOME)).isEqualTo("success");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getEvents()).extracting(EventData::getName)
        .containsExactly(FuseboxAttributes.EVENT_RETRY, FuseboxAttributes.EVENT_RETRY, "fusebox.retry.succeeded");
    List<EventData> retries = span.getEvents().subList(0, 2);
    assertThat(retries).extracting(e -> e.getAttributes().get(FuseboxAttributes.EXCEPTION_MESSAGE))
        .containsExactly("boom 1", "boom 2");
    assertThat(retries).extracting(e -> e.getAttributes().get(FuseboxAttributes.RETRY_ATTEMPT))
        .containsExactly(2L, 3L);
  }
}
