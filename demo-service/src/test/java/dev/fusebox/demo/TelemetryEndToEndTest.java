package dev.fusebox.demo;

import static dev.fusebox.demo.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.testing.TestUpstream.Mode;
import dev.fusebox.testing.ManualClock;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Server, guard and client spans form one trace; the Prometheus scrape serves what the alert rules query. */
class TelemetryEndToEndTest {

  private final ManualClock clock = new ManualClock();
  private TestUpstream upstream;
  private RunningDemo demo;

  @BeforeEach
  void start() throws Exception {
    upstream = TestUpstream.start();
    demo = RunningDemo.against(upstream, UserLookupEndToEndTest.GUARD, clock);
  }

  @AfterEach
  void stop() throws Exception {
    demo.close();
    upstream.close();
  }

  @Test
  void serverGuardAndClientSpansFormOneTrace() throws Exception {
    Spans spans = spansOfOneLookup();

    assertThat(spans.guard.getName()).isEqualTo("fusebox " + demo.service().breakers().get(0).name());
    assertThat(spans.guard.getTraceId()).isEqualTo(spans.server.getTraceId()).isEqualTo(spans.client.getTraceId());
    assertThat(spans.guard.getParentSpanId()).isEqualTo(spans.server.getSpanId());
    assertThat(spans.client.getParentSpanId()).as("client parent; server=%s guard=%s",
        spans.server.getSpanId(), spans.guard.getSpanId()).isEqualTo(spans.guard.getSpanId());
    assertThat(spans.guard.getAttributes().asMap().toString()).contains("fusebox.outcome=success");
  }

  private Spans spansOfOneLookup() throws Exception {
    assertThat(demo.get("/users/21").statusCode()).isEqualTo(200);
    await(() -> kinds().containsAll(Set.of(SpanKind.SERVER, SpanKind.INTERNAL, SpanKind.CLIENT)),
        "server, guard and client spans");
    List<SpanData> spans = demo.spans().getFinishedSpanItems();
    return new Spans(only(spans, SpanKind.SERVER), only(spans, SpanKind.INTERNAL), only(spans, SpanKind.CLIENT));
  }

  private record Spans(SpanData server, SpanData guard, SpanData client) {
  }

  @Test
  void scrapeServesTheSeriesTheAlertsQuery() throws Exception {
    upstream.mode(Mode.FAILING);
    demo.get("/users/31");
    demo.get("/users/32");
    String breaker = demo.service().breakers().get(0).name();

    String metrics = demo.scrape();

    // circuit_breaker_state{state="open"} == 1
    assertThat(sample(metrics, "circuit_breaker_state", Map.of("name", breaker, "state", "open"))).isEqualTo(1.0);
    assertThat(sample(metrics, "circuit_breaker_state", Map.of("name", breaker, "state", "closed"))).isEqualTo(0.0);
    // rate(circuit_breaker_failures_total[5m]) / rate(circuit_breaker_requests_total[5m]): one-to-one label sets
    assertThat(sample(metrics, "circuit_breaker_failures_total", Map.of("name", breaker))).isEqualTo(4.0);
    assertThat(sample(metrics, "circuit_breaker_requests_total", Map.of("name", breaker))).isEqualTo(4.0);
    assertThat(labelNames(metrics, "circuit_breaker_failures_total"))
        .isEqualTo(labelNames(metrics, "circuit_breaker_requests_total"));
    assertThat(metrics).contains("demo_user_responses_total");
  }

  private Set<SpanKind> kinds() {
    Set<SpanKind> kinds = new java.util.HashSet<>();
    demo.spans().getFinishedSpanItems().forEach(s -> kinds.add(s.getKind()));
    return kinds;
  }

  private static SpanData only(List<SpanData> spans, SpanKind kind) {
    List<SpanData> found = spans.stream().filter(s -> s.getKind() == kind).toList();
    assertThat(found).as("%s spans in %s", kind, spans).hasSize(1);
    return found.get(0);
  }

  /** The value of the one sample of {@code metric} whose labels include {@code labels}. */
  static double sample(String exposition, String metric, Map<String, String> labels) {
    Double found = null;
    for (String line : exposition.split("\n")) {
      if (!line.startsWith(metric + "{")) {
        continue;
      }
      Map<String, String> parsed = labels(line);
      if (parsed.entrySet().containsAll(labels.entrySet())) {
        assertThat(found).as("more than one %s sample with %s", metric, labels).isNull();
        found = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertThat(found).as("%s sample with %s in:%n%s", metric, labels, exposition).isNotNull();
    return found;
  }

  private static Set<String> labelNames(String exposition, String metric) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (line.startsWith(metric + "{")) {
        names.addAll(labels(line).keySet());
      }
    }
    return names;
  }

  private static Map<String, String> labels(String line) {
    Map<String, String> out = new java.util.HashMap<>();
    Matcher m = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"")
        .matcher(line.substring(line.indexOf('{'), line.lastIndexOf('}')));
    while (m.find()) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }
}
