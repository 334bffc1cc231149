package dev.fusebox.vertx.telemetry;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static dev.fusebox.vertx.telemetry.PrometheusScrapeTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.Subscription;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.client.GuardedWebClient;
import io.micrometer.core.instrument.Meter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link FuseboxMicrometer} scraped from a real {@link PrometheusMeterRegistry}: the series the chart's alerts and
 * dashboard read, with their values after a known workload; and meters that leave the registry with the breaker,
 * guard or upstream they describe.
 */
@ExtendWith(VertxExtension.class)
class FuseboxMicrometerTest {

  private final ManualClock clock = new ManualClock();
  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  @AfterEach
  void tearDown() {
    prometheus.close();
  }

  private List<Meter> fuseboxMeters() {
    return prometheus.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("circuit_breaker.") || m.getId().getName().startsWith("fusebox."))
        .toList();
  }

  @Test
  void a_workload_is_scraped_under_the_names_labels_and_values_of_the_opentelemetry_path(Vertx vertx) {
    // given
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMicrometer.install(registry, prometheus);
    // when
    Workload.run(vertx, clock, registry);
    String scrape = prometheus.scrape();
    // then: breaker state, one gauge per state
    assertThat(value(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"open\"")).isEqualTo(1.0);
    assertThat(value(scrape, "circuit_breaker_state", "name=\"users\"", "state=\"closed\"")).isEqualTo(1.0);
    for (String other : List.of("closed", "half_open", "forced_open", "disabled")) {
      assertThat(value(scrape, "circuit_breaker_state", "name=\"payments\"", "state=\"" + other + "\""))
          .as(other).isEqualTo(0.0);
    }
    // the breaker's counters: successes and failures are requests, an open rejection is counted by state
    assertThat(value(scrape, "circuit_breaker_requests_total", "name=\"users\"")).isEqualTo(2.0);
    assertThat(value(scrape, "circuit_breaker_failures_total", "name=\"users\"")).isEqualTo(0.0);
    assertThat(value(scrape, "circuit_breaker_requests_total", "name=\"payments\"")).isEqualTo(4.0);
    assertThat(value(scrape, "circuit_breaker_failures_total", "name=\"payments\"")).isEqualTo(4.0);
    assertThat(value(scrape, "circuit_breaker_rejections_total", "name=\"payments\"", "state=\"open\""))
        .isEqualTo(1.0);
    assertThat(value(scrape, "circuit_breaker_transitions_total", "name=\"payments\"", "from=\"closed\"",
        "to=\"open\"")).isEqualTo(1.0);
    // the guards' counters: retries, timeouts, fallbacks, rejections by policy (bulkhead full, breaker open)
    assertThat(value(scrape, "fusebox_retries_total", "fusebox_guard=\"payments\"")).isEqualTo(2.0);
    assertThat(value(scrape, "fusebox_timeouts_total", "fusebox_guard=\"slow\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_fallbacks_total", "fusebox_guard=\"slow\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_rejections_total", "fusebox_guard=\"slow\"", "policy=\"slow\"",
        "kind=\"bulkhead\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_rejections_total", "fusebox_guard=\"payments\"", "policy=\"payments\"",
        "kind=\"circuitBreaker\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_policy_events_total", "fusebox_guard=\"payments\"", "kind=\"retry\"",
        "event=\"fusebox.retry\"")).isEqualTo(2.0);
    // the duration histogram by outcome, on the guard's clock
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"users\"",
        "fusebox_outcome=\"success\"")).isEqualTo(2.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"payments\"",
        "fusebox_outcome=\"failure\"")).isEqualTo(2.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"payments\"",
        "fusebox_outcome=\"rejected\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_bucket", "fusebox_guard=\"slow\"",
        "fusebox_outcome=\"timeout\"", "le=\"0.5\"")).isEqualTo(0.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_bucket", "fusebox_guard=\"slow\"",
        "fusebox_outcome=\"timeout\"", "le=\"1.0\"")).isEqualTo(1.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_sum", "fusebox_guard=\"slow\"",
        "fusebox_outcome=\"timeout\"")).isEqualTo(1.0);
  }

  @Test
  void recording_again_reuses_the_cached_meters(Vertx vertx) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMicrometer.install(registry, prometheus);
    Context context = vertx.getOrCreateContext();
    Guard<String> users = registry.guard(vertx, "users", g -> g.clock(clock).circuitBreaker(cb -> cb.countWindow(100)));
    result(call(context, () -> users.execute(() -> Future.succeededFuture("ok"))));
    int meters = prometheus.getMeters().size();

    for (int i = 0; i < 1_000; i++) {
      result(call(context, () -> users.execute(() -> Future.succeededFuture("ok"))));
    }

    assertThat(prometheus.getMeters()).hasSize(meters);
    assertThat(value(prometheus.scrape(), "circuit_breaker_requests_total", "name=\"users\"")).isEqualTo(1001.0);
  }

  @Test
  void reconfiguring_a_guard_keeps_its_meters_and_adds_none(Vertx vertx) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMicrometer.install(registry, prometheus);
    Context context = vertx.getOrCreateContext();
    Guard<String> users = registry.guard(vertx, "users", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO)).circuitBreaker(cb -> cb.failureRate(0.5)));
    failure(call(context, () -> users.execute(() -> Future.failedFuture(new IllegalStateException("503")))));
    Set<Meter.Id> before = ids();

    for (double rate : new double[] {0.9, 0.8, 0.7}) {
      users.reconfigure(g -> g.clock(clock).retry(r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO))
          .circuitBreaker(cb -> cb.failureRate(rate)));
      failure(call(context, () -> users.execute(() -> Future.failedFuture(new IllegalStateException("503")))));
    }

    assertThat(ids()).isEqualTo(before);
    String scrape = prometheus.scrape();
    assertThat(value(scrape, "circuit_breaker_failures_total", "name=\"users\"")).isEqualTo(8.0);
    assertThat(value(scrape, "fusebox_retries_total", "fusebox_guard=\"users\"")).isEqualTo(4.0);
    assertThat(value(scrape, "fusebox_call_duration_seconds_count", "fusebox_guard=\"users\"",
        "fusebox_outcome=\"failure\"")).isEqualTo(4.0);
  }

  private Set<Meter.Id> ids() {
    return fuseboxMeters().stream().map(Meter::getId).collect(Collectors.toSet());
  }

  @Test
  void an_unregistered_breaker_takes_its_meters_and_its_guards_call_meters_away(Vertx vertx) {
    // given a guard measured through the registry
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMicrometer.install(registry, prometheus);
    Context context = vertx.getOrCreateContext();
    Guard<String> temporary = registry.guard(vertx, "temporary", g -> g.clock(clock)
        .retry(r -> r.maxAttempts(2).fixedBackoff(Duration.ZERO)).circuitBreaker(cb -> cb.failureRate(0.5)));
    failure(call(context, () -> temporary.execute(() -> Future.failedFuture(new IllegalStateException("503")))));
    assertThat(fuseboxMeters()).isNotEmpty();
    CircuitBreaker breaker = registry.find("temporary").orElseThrow();

    // when its breaker leaves the registry, and the guard is still called afterwards
    assertThat(registry.unregister(breaker)).isTrue();
    assertThat(fuseboxMeters()).isEmpty();
    failure(call(context, () -> temporary.execute(() -> Future.failedFuture(new IllegalStateException("503")))));

    // then the guard's late calls still count (a guard the application kept), but the breaker's do not
    assertThat(prometheus.scrape()).doesNotContain("name=\"temporary\"");
    assertThat(value(prometheus.scrape(), "fusebox_retries_total", "fusebox_guard=\"temporary\"")).isEqualTo(1.0);
  }

  @Test
  void closing_a_binding_or_the_installation_removes_every_meter(Vertx vertx) {
    FuseboxMicrometer micrometer = FuseboxMicrometer.create(prometheus);
    CircuitBreaker shared = CircuitBreaker.ofDefaults("shared");
    Subscription binding = micrometer.bind(shared);
    assertThat(micrometer.bind(shared)).as("binding the same breaker again").isNotNull();
    assertThat(fuseboxMeters()).hasSize(7);   // five state gauges, requests, failures
    shared.forceOpen();
    shared.execute(() -> Future.succeededFuture("never"));
    assertThat(value(prometheus.scrape(), "circuit_breaker_rejections_total", "name=\"shared\"",
        "state=\"forced_open\"")).isEqualTo(1.0);

    binding.close();
    shared.execute(() -> Future.succeededFuture("never"));
    assertThat(fuseboxMeters()).isEmpty();

    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    Subscription installed = FuseboxMicrometer.install(registry, prometheus);
    Workload.run(vertx, clock, registry);
    assertThat(fuseboxMeters()).hasSizeGreaterThan(20);
    installed.close();
    assertThat(fuseboxMeters()).isEmpty();
  }

  @Test
  void evicted_upstreams_of_a_guarded_client_leave_no_meters_behind(Vertx vertx) {
    // given two clients on one measured registry: one whose upstream guards hold a breaker, one whose do not
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    FuseboxMicrometer micrometer = FuseboxMicrometer.create(prometheus);
    registry.observe(micrometer);
    micrometer.bind(registry);
    Duration idle = Duration.ofMinutes(5);
    GuardedWebClient withBreaker = GuardedWebClient.builder(vertx, WebClient.create(vertx)).name("api")
        .registry(registry).clock(clock).evictAfter(idle)
        .template(g -> g.circuitBreaker(cb -> cb.countWindow(10).minimumCalls(10))).build();
    GuardedWebClient timeoutOnly = GuardedWebClient.builder(vertx, WebClient.create(vertx)).name("cdn")
        .registry(registry).clock(clock).evictAfter(idle)
        .template(g -> g.timeout(Duration.ofSeconds(1))).build();
    micrometer.bind(timeoutOnly);
    Context context = vertx.getOrCreateContext();

    // when 500 hosts of each are called once and then stay idle for longer than evictAfter
    for (int host = 0; host < 500; host++) {
      String name = "h" + host + ".example";
      failure(call(context, () -> withBreaker.guard(name, 443)
          .execute(() -> Future.failedFuture(new IOException("reset")))));
      failure(call(context, () -> timeoutOnly.guard(name, 443)
          .execute(() -> Future.failedFuture(new IOException("reset")))));
    }
    assertThat(prometheus.scrape()).contains("name=\"api:h499.example:443\"")
        .contains("fusebox_guard=\"cdn:h499.example:443\"");
    int whileUsed = fuseboxMeters().size();
    clock.advance(idle.plusSeconds(1));
    assertThat(withBreaker.evictIdle()).isEqualTo(500);
    assertThat(timeoutOnly.evictIdle()).isEqualTo(500);

    // then every meter of theirs is gone, and a host called again is measured afresh
    assertThat(whileUsed).isGreaterThanOrEqualTo(500 * 9);
    assertThat(fuseboxMeters()).isEmpty();
    failure(call(context, () -> withBreaker.guard("h0.example", 443)
        .execute(() -> Future.failedFuture(new IOException("reset")))));
    String scrape = prometheus.scrape();
    assertThat(value(scrape, "circuit_breaker_failures_total", "name=\"api:h0.example:443\"")).isEqualTo(1.0);
    assertThat(scrape).doesNotContain("h1.example");
  }
}
