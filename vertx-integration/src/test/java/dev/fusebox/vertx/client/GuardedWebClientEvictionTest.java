package dev.fusebox.vertx.client;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.telemetry.FuseboxAttributes;
import dev.fusebox.vertx.telemetry.FuseboxMetrics;
import dev.fusebox.vertx.testing.Upstream;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Idle upstreams are forgotten, so a client that meets many hosts stays bounded; protection at work never is. */
@ExtendWith(VertxExtension.class)
class GuardedWebClientEvictionTest {

  private static final Duration IDLE = Duration.ofMinutes(5);

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return rt.totalMemory() - rt.freeMemory();
  }

  @Test
  void a_hundred_thousand_hosts_stay_bounded_an_open_breaker_is_kept_and_a_reused_host_starts_closed(Vertx vertx) {
    // given a client with metrics on its registry, on a manual clock
    ManualClock clock = new ManualClock();
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    FuseboxMetrics metrics = FuseboxMetrics.create(SdkMeterProvider.builder().registerMetricReader(reader).build()
        .get("test"));
    metrics.bind(registry);
    GuardedWebClient client = GuardedWebClient.builder(vertx, WebClient.create(vertx))
        .registry(registry).clock(clock).evictAfter(IDLE).maxUpstreams(1024)
        .template(g -> g.circuitBreaker(cb -> cb.countWindow(2).minimumCalls(2)))
        .build();
    List<UpstreamEvicted> evicted = new CopyOnWriteArrayList<>();
    client.onEvicted(evicted::add);
    // and one upstream whose breaker is open
    Guard<HttpResponse<Buffer>> failing = client.guard("down.example", 443);
    for (int i = 0; i < 2; i++) {
      call(vertx.getOrCreateContext(), () -> failing.execute(() -> Future.failedFuture(new IOException("down"))));
    }
    CircuitBreaker open = client.breakers().get(0);
    assertThat(open.state()).isEqualTo(CircuitState.OPEN);
    long heapBefore = usedHeap();

    // when 100,000 distinct hosts come and go, each batch of 500 idle for longer than evictAfter afterwards
    int maxSeen = 0;
    for (int host = 0; host < 100_000; host++) {
      client.guard("h" + host + ".example", 443);
      maxSeen = Math.max(maxSeen, client.upstreams());
      if (host % 500 == 499) {
        clock.advance(IDLE.plusSeconds(1));
      }
    }
    client.evictIdle();
    long heapAfter = usedHeap();

    // then the client, its registry and the breaker state series stay bounded by the cap
    assertThat(maxSeen).isLessThanOrEqualTo(1024);
    assertThat(client.upstreams()).isLessThanOrEqualTo(1024);
    assertThat(registry.breakers().size()).isEqualTo(client.breakers().size()).isLessThanOrEqualTo(1024);
    long stateSeries = reader.collectAllMetrics().stream()
        .filter(m -> m.getName().equals(FuseboxAttributes.BREAKER_STATE))
        .mapToLong(m -> m.getLongGaugeData().getPoints().size()).sum();
    assertThat(stateSeries).isLessThanOrEqualTo(5L * 1024);
    assertThat(evicted).hasSizeGreaterThan(98_000);
    // the open breaker was never evicted
    assertThat(registry.breakers()).contains(open);
    assertThat(evicted).noneMatch(e -> e.authority().equals("down.example:443"));
    // a host used again after its eviction gets a fresh, closed guard
    CircuitBreaker firstHost = registry.find("http:h0.example:443").orElse(null);
    assertThat(firstHost).isNull();
    client.guard("h0.example", 443);
    assertThat(registry.find("http:h0.example:443")).get()
        .satisfies(b -> assertThat(b.state()).isEqualTo(CircuitState.CLOSED));
    System.out.printf("eviction: 100000 hosts, max %d guarded at once, %d evicted, heap %d KiB before, %d KiB after,"
        + " %d state series%n", maxSeen, evicted.size(), heapBefore / 1024, heapAfter / 1024, stateSeries);
  }

  @Test
  void an_upstream_with_a_call_in_flight_is_not_evicted(Vertx vertx) {
    ManualClock clock = new ManualClock();
    Upstream upstream = result(Upstream.start(vertx));
    WebClient webClient = WebClient.create(vertx);
    GuardedWebClient client = GuardedWebClient.builder(vertx, webClient).clock(clock).evictAfter(IDLE)
        .template(g -> g.circuitBreaker(cb -> { })).build();
    Future<HttpResponse<Buffer>> hung =
        call(vertx.getOrCreateContext(), () -> client.send(client.webClient().get(upstream.port(), "127.0.0.1",
            "/hang")));
    result(upstream.hangReceived());
    clock.advance(IDLE.multipliedBy(2));
    assertThat(client.evictIdle()).isZero();
    assertThat(client.upstreams()).isEqualTo(1);
    assertThat(hung.isComplete()).isFalse();
    webClient.close();
    result(upstream.close());
  }

  @Test
  void a_used_upstream_stays_and_an_idle_one_goes(Vertx vertx) {
    ManualClock clock = new ManualClock();
    GuardedWebClient client = GuardedWebClient.builder(vertx, WebClient.create(vertx)).clock(clock)
        .evictAfter(IDLE).build();
    client.guard("idle.example", 80);
    Upstream upstream = result(Upstream.start(vertx));
    clock.advance(IDLE.minusSeconds(10));
    result(call(vertx.getOrCreateContext(), () -> client.send(client.webClient().get(upstream.port(), "127.0.0.1",
        "/ok"))));
    clock.advance(Duration.ofSeconds(20));
    assertThat(client.evictIdle()).isEqualTo(1);
    assertThat(client.upstreams()).isEqualTo(1);
    assertThat(client.breakers()).isEmpty();
    result(upstream.close());
  }
}
