package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.junit5.VertxExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Exports a guard span over real OTLP/HTTP to a receiver on loopback that decodes the protobuf request. */
@ExtendWith(VertxExtension.class)
class OtlpExportTest {

  @Test
  void the_guard_span_arrives_at_an_otlp_http_receiver_with_its_attributes(Vertx vertx) throws Exception {
    // given a receiver that decodes OTLP/HTTP protobuf requests
    List<String> contentTypes = new CopyOnWriteArrayList<>();
    List<ExportTraceServiceRequest> received = new CopyOnWriteArrayList<>();
    Promise<Void> gotGuardSpan = Promise.promise();
    HttpServer receiver = result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(request -> request.body().onSuccess(body -> {
          try {
            contentTypes.add(request.getHeader("Content-Type"));
            ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(body.getBytes());
            received.add(export);
            if (spans(export).stream().anyMatch(s -> s.getName().equals("fusebox payments"))) {
              gotGuardSpan.tryComplete();
            }
            request.response().putHeader("Content-Type", "application/x-protobuf")
                .end(Buffer.buffer(ExportTraceServiceResponse.getDefaultInstance().toByteArray()));
          } catch (Exception e) {
            request.response().setStatusCode(400).end();
            gotGuardSpan.tryFail(e);
          }
        }))
        .listen());
    OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
        .setEndpoint("http://127.0.0.1:" + receiver.actualPort() + "/v1/traces")
        .build();
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
        .build();
    OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
    try {
      Guard<String> guard = Guard.of(vertx, "payments", g -> g.observer(FuseboxTracing.create(sdk))
          .circuitBreaker(cb -> cb.minimumCalls(5)));
      // when a guarded call fails and the spans are flushed
      failure(call(vertx.getOrCreateContext(),
          () -> guard.execute(() -> Future.failedFuture(new IllegalStateException("card declined")))));
      assertThat(tracerProvider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      result(gotGuardSpan.future());
    } finally {
      tracerProvider.shutdown().join(10, TimeUnit.SECONDS);
      result(receiver.close());
    }
    // then the decoded span carries the guard's attributes
    assertThat(contentTypes).allMatch("application/x-protobuf"::equals);
    Span span = received.stream().flatMap(r -> spans(r).stream())
        .filter(s -> s.getName().equals("fusebox payments")).findFirst().orElseThrow();
    assertThat(span.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
    Map<String, String> attributes = span.getAttributesList().stream()
        .collect(Collectors.toMap(KeyValue::getKey, kv -> kv.getValue().hasStringValue()
            ? kv.getValue().getStringValue() : String.valueOf(kv.getValue().getIntValue())));
    assertThat(attributes).containsEntry("fusebox.guard", "payments")
        .containsEntry("fusebox.outcome", "failure")
        .containsEntry("circuit.state", "closed")
        .containsEntry("retry.attempt", "1");
    assertThat(span.getStatus().getCode())
        .isEqualTo(io.opentelemetry.proto.trace.v1.Status.StatusCode.STATUS_CODE_ERROR);
    assertThat(span.getStatus().getMessage()).isEqualTo("card declined");
    assertThat(received.get(0).getResourceSpans(0).getScopeSpans(0).getScope().getName()).isEqualTo("dev.fusebox");
  }

  private static List<Span> spans(ExportTraceServiceRequest request) {
    return request.getResourceSpansList().stream()
        .flatMap(rs -> rs.getScopeSpansList().stream())
        .flatMap(ss -> ss.getSpansList().stream())
        .toList();
  }
}
