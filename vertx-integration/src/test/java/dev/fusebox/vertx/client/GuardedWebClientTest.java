package dev.fusebox.vertx.client;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.GuardTimeoutException;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.retry.RetryEvent;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.testing.Upstream;
import dev.fusebox.vertx.testing.Upstream.Scripted;
import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.ThreadingModel;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

@ExtendWith(VertxExtension.class)
class GuardedWebClientTest {

  private Vertx vertx;
  private Upstream upstream;
  private WebClient webClient;
  private Context context;
  private final ManualClock clock = new ManualClock();

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.upstream = result(Upstream.start(vertx));
    this.webClient = WebClient.create(vertx);
    this.context = vertx.getOrCreateContext();
  }

  @AfterEach
  void tearDown() {
    webClient.close();
    result(upstream.close());
  }

  /** A client whose breaker opens after 4 calls at 50 % failures, on the manual clock. */
  private GuardedWebClient breakerClient() {
    return GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .circuitBreaker(cb -> cb.failureRate(0.5).minimumCalls(4).countWindow(4).openFor(ofSeconds(30))));
  }

  private HttpResponse<Buffer> get(GuardedWebClient client, String path) {
    return result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", path))));
  }

  private Throwable getFailure(GuardedWebClient client, String path) {
    return failure(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", path))));
  }

  private CircuitBreaker onlyBreaker(GuardedWebClient client) {
    assertThat(client.breakers()).hasSize(1);
    return client.breakers().get(0);
  }

  // ------------------------------------------------------------------------------------------ classification

  @Test
  void a_200_passes_and_its_authority_gets_a_breaker_named_after_the_client_host_and_port() {
    // given
    GuardedWebClient client = breakerClient();
    // when
    HttpResponse<Buffer> response = get(client, "/ok");
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("ok");
    CircuitBreaker breaker = onlyBreaker(client);
    assertThat(breaker.name()).isEqualTo("http:127.0.0.1:" + upstream.port());
    assertThat(breaker.metrics().calls()).isEqualTo(1);
    assertThat(breaker.metrics().failedCalls()).isZero();
    assertThat(client.registry().find(breaker.name())).containsSame(breaker);
  }

  @Test
  void a_404_reaches_the_caller_and_is_not_a_breaker_failure() {
    GuardedWebClient client = breakerClient();
    for (int i = 0; i < 5; i++) {
      assertThat(get(client, "/status/404").statusCode()).isEqualTo(404);
    }
    CircuitBreaker breaker = onlyBreaker(client);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.metrics().failedCalls()).isZero();
    assertThat(breaker.metrics().calls()).isEqualTo(4);
  }

  @Test
  void a_500_reaches_the_caller_as_a_response_and_counts_as_a_breaker_failure() {
    GuardedWebClient client = breakerClient();
    HttpResponse<Buffer> response = get(client, "/status/500");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.bodyAsString()).isEqualTo("status 500");
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void a_429_and_a_503_count_as_failures_and_enough_of_them_open_the_breaker() {
    GuardedWebClient client = breakerClient();
    assertThat(get(client, "/status/429").statusCode()).isEqualTo(429);
    assertThat(get(client, "/status/503").statusCode()).isEqualTo(503);
    assertThat(get(client, "/ok").statusCode()).isEqualTo(200);
    assertThat(get(client, "/status/502").statusCode()).isEqualTo(502);
    assertThat(onlyBreaker(client).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void an_open_breaker_rejects_without_calling_the_upstream() {
    // given an open breaker
    GuardedWebClient client = breakerClient();
    for (int i = 0; i < 4; i++) {
      get(client, "/status/500");
    }
    assertThat(onlyBreaker(client).state()).isEqualTo(CircuitState.OPEN);
    // when
    Throwable rejected = getFailure(client, "/ok");
    // then
    assertThat(rejected).isInstanceOf(CircuitOpenException.class);
    assertThat(((CircuitOpenException) rejected).retryAfter()).isEqualTo(ofSeconds(30));
    assertThat(upstream.hits("/ok")).isZero();
  }

  @Test
  void a_connection_reset_is_a_failure() {
    GuardedWebClient client = breakerClient();
    Throwable failure = getFailure(client, "/reset");
    assertThat(failure).isNotInstanceOf(FailedResponseException.class);
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void a_malformed_response_cut_short_is_a_failure() {
    GuardedWebClient client = breakerClient();
    Throwable failure = getFailure(client, "/malformed");
    assertThat(failure).isNotNull();
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void a_refused_connection_is_a_failure() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    GuardedWebClient client = breakerClient();
    Throwable failure = failure(call(context, () -> client.send(webClient.get(closedPort, "127.0.0.1", "/ok"))));
    assertThat(failure).hasMessageContaining("Connection refused");
    assertThat(onlyBreaker(client).name()).isEqualTo("http:127.0.0.1:" + closedPort);
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(1);
  }

  @Test
  void a_slow_upstream_answer_reaches_the_caller_and_counts_as_a_slow_call() {
    // given a breaker that opens when every call is slower than 2 s, timed on the manual clock
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .circuitBreaker(cb -> cb.slowCallDuration(ofSeconds(2)).slowCallRate(1.0).minimumCalls(1).countWindow(1)));
    Future<HttpResponse<Buffer>> response =
        call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/slow")));
    result(upstream.slowReceived());
    // when the upstream takes 3 s to answer
    on(context, () -> clock.advance(ofSeconds(3)));
    upstream.releaseSlow();
    // then
    assertThat(result(response).bodyAsString()).isEqualTo("slow but fine");
    CircuitBreaker breaker = onlyBreaker(client);
    assertThat(breaker.metrics().slowCalls()).isEqualTo(1);
    assertThat(breaker.metrics().failedCalls()).isZero();
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void a_garbage_body_with_a_200_is_a_success_the_caller_decodes_bodies() {
    GuardedWebClient client = breakerClient();
    HttpResponse<Buffer> response = get(client, "/garbage");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("{not json");
    assertThat(onlyBreaker(client).metrics().failedCalls()).isZero();
  }

  @Test
  void the_failure_statuses_can_be_chosen() {
    GuardedWebClient client = GuardedWebClient.builder(vertx, webClient)
        .failureStatus(status -> status >= 400)
        .template(g -> g.circuitBreaker(cb -> cb.countWindow(10).minimumCalls(10)))
        .build();
    get(client, "/status/404");
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------ one breaker per host

  @Test
  void each_authority_has_its_own_breaker_so_one_failing_upstream_does_not_block_another() {
    // given two upstreams, the first one failing
    Upstream other = result(Upstream.start(vertx));
    try {
      CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
      GuardedWebClient client = GuardedWebClient.builder(vertx, webClient).name("users").registry(registry)
          .template(g -> g.clock(clock).circuitBreaker(cb -> cb.minimumCalls(2).countWindow(2)))
          .build();
      for (int i = 0; i < 2; i++) {
        result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/status/500"))));
      }
      // when
      HttpResponse<Buffer> fromOther =
          result(call(context, () -> client.send(webClient.get(other.port(), "localhost", "/ok"))));
      Throwable fromFirst =
          failure(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/ok"))));
      // then
      assertThat(fromOther.statusCode()).isEqualTo(200);
      assertThat(fromFirst).isInstanceOf(CircuitOpenException.class);
      assertThat(client.breakers()).extracting(CircuitBreaker::name)
          .containsExactly("users:127.0.0.1:" + upstream.port(), "users:localhost:" + other.port());
      assertThat(client.breakers()).extracting(CircuitBreaker::state)
          .containsExactly(CircuitState.OPEN, CircuitState.CLOSED);
      assertThat(registry.breakers()).containsExactlyElementsOf(client.breakers());
      assertThat(client.guard("LOCALHOST", other.port())).isSameAs(client.guard("localhost", other.port()));
    } finally {
      result(other.close());
    }
  }

  @Test
  void upstreams_beyond_max_upstreams_are_refused_instead_of_growing_the_registry_without_bound() {
    // given a client capped at one upstream, already guarding it
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    GuardedWebClient client = GuardedWebClient.builder(vertx, webClient).name("users").registry(registry)
        .maxUpstreams(1).template(g -> g.circuitBreaker(cb -> { })).build();
    assertThat(get(client, "/ok").statusCode()).isEqualTo(200);
    // when a request names a second upstream (never contacted: it is refused before any connection)
    Throwable refused =
        failure(call(context, () -> client.send(webClient.get(upstream.port() + 1, "127.0.0.1", "/ok"))));
    // then it fails with the limit named, the known upstream still works, and nothing was registered
    assertThat(refused).isInstanceOf(IllegalStateException.class)
        .hasMessage("guarded client 'users' already guards 1 upstreams (maxUpstreams) and none has been idle for"
            + " evictAfter; refusing a guard for 127.0.0.1:" + (upstream.port() + 1));
    assertThat(get(client, "/ok").statusCode()).isEqualTo(200);
    assertThat(registry.breakers()).hasSize(1);
    assertThatThrownBy(() -> GuardedWebClient.builder(vertx, webClient).maxUpstreams(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxUpstreams must be >= 1, was 0");
  }

  // ------------------------------------------------------------------------------------------ retry and Retry-After

  /** Records the delays of the retries a guard schedules. */
  private static final class RetryDelays {
    final List<Duration> delays = new CopyOnWriteArrayList<>();
    final Promise<Duration> first = Promise.promise();

    ExecutionObserver observer() {
      return new ExecutionObserver() {
        @Override
        public void onEvent(PolicyEvent event) {
          if (event instanceof RetryEvent.RetryScheduled retry) {
            delays.add(retry.delay());
            first.tryComplete(retry.delay());
          }
        }
      };
    }
  }

  @Test
  void a_503_with_retry_after_delays_the_next_attempt_by_what_the_server_asked() {
    // given
    RetryDelays retries = new RetryDelays();
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .observer(name -> retries.observer())
        .retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))
            .maxDelay(ofSeconds(10))));
    upstream.script(Scripted.of(503).header("Retry-After", "3"));
    // when
    Future<HttpResponse<Buffer>> response =
        call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/scripted")));
    // then the retry waits 3 s, not the 100 ms backoff
    assertThat(result(retries.first.future())).isEqualTo(ofSeconds(3));
    on(context, () -> clock.advance(ofMillis(2999)));
    assertThat(response.isComplete()).isFalse();
    assertThat(upstream.hits("/scripted")).isEqualTo(1);
    on(context, () -> clock.advance(ofMillis(1)));
    assertThat(result(response).statusCode()).isEqualTo(200);
    assertThat(upstream.hits("/scripted")).isEqualTo(2);
  }

  @Test
  void a_429_with_an_http_date_retry_after_is_measured_from_the_response_date() {
    RetryDelays retries = new RetryDelays();
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .observer(name -> retries.observer())
        .retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(100))
            .maxDelay(ofSeconds(10))));
    upstream.script(Scripted.of(429)
        .header("Date", "Wed, 21 Oct 2026 07:28:00 GMT")
        .header("Retry-After", "Wed, 21 Oct 2026 07:28:07 GMT"));
    Future<HttpResponse<Buffer>> response =
        call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/scripted")));
    assertThat(result(retries.first.future())).isEqualTo(ofSeconds(7));
    on(context, () -> clock.advance(ofSeconds(7)));
    assertThat(result(response).statusCode()).isEqualTo(200);
  }

  @Test
  void a_retry_after_longer_than_the_retry_may_wait_ends_the_retries_with_that_response() {
    // given a retry that may wait 2 s at most, and a server that asks for an hour
    RetryDelays retries = new RetryDelays();
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .observer(name -> retries.observer())
        .retry(r -> r.maxAttempts(2).exponentialBackoff(ofMillis(100), ofSeconds(2))));
    upstream.script(Scripted.of(503).header("Retry-After", "3600"));
    // when
    HttpResponse<Buffer> response =
        result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/scripted"))));
    // then the caller gets the 503 at once: no retry 59 minutes before the server asked
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Retry-After")).isEqualTo("3600");
    assertThat(retries.delays).isEmpty();
    assertThat(upstream.hits("/scripted")).isEqualTo(1);
  }

  @Test
  void without_retry_after_the_backoff_applies() {
    RetryDelays retries = new RetryDelays();
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .observer(name -> retries.observer())
        .retry(r -> r.maxAttempts(2).fixedBackoff(ofMillis(250))));
    upstream.script(Scripted.of(500).header("Retry-After", "3"));
    Future<HttpResponse<Buffer>> response =
        call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/scripted")));
    // a Retry-After on a 500 is not a throttling answer: the backoff is used
    assertThat(result(retries.first.future())).isEqualTo(ofMillis(250));
    on(context, () -> clock.advance(ofMillis(250)));
    assertThat(result(response).statusCode()).isEqualTo(200);
  }

  @Test
  void when_retries_are_exhausted_the_last_5xx_reaches_the_caller_as_a_response() {
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g
        .retry(r -> r.maxAttempts(3).fixedBackoff(Duration.ZERO))
        .circuitBreaker(cb -> cb.minimumCalls(10)));
    HttpResponse<Buffer> response = get(client, "/status/502");
    assertThat(response.statusCode()).isEqualTo(502);
    assertThat(upstream.hits("/status/502")).isEqualTo(3);
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(3);
  }

  @Test
  void a_per_call_fallback_receives_a_failed_response_with_the_response_attached() {
    GuardedWebClient client = breakerClient();
    List<Throwable> seen = new CopyOnWriteArrayList<>();
    HttpResponse<Buffer> response = result(call(context, () -> client.send(
        webClient.get(upstream.port(), "127.0.0.1", "/status/503?retryAfter=5"),
        failure -> {
          seen.add(failure);
          return client.send(webClient.get(upstream.port(), "127.0.0.1", "/ok"));
        })));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(seen).singleElement().isInstanceOfSatisfying(FailedResponseException.class, f -> {
      assertThat(f.statusCode()).isEqualTo(503);
      assertThat(f.retryAfter()).isEqualTo(ofSeconds(5));
      assertThat(f.authority()).isEqualTo("127.0.0.1:" + upstream.port());
      assertThat(f.getMessage())
          .isEqualTo("upstream 127.0.0.1:" + upstream.port() + " answered 503 Service Unavailable");
    });
  }

  // ------------------------------------------------------------------------------------------ timeout resets

  @Test
  void a_request_built_by_another_web_client_fails_at_once_instead_of_losing_its_reset() {
    // given the README's old mistake: a guarded client around one WebClient, a request built by another
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock).timeout(ofSeconds(1)));
    WebClient other = WebClient.create(vertx);
    try {
      // when
      Throwable failure = failure(call(context,
          () -> client.send(other.get(upstream.port(), "127.0.0.1", "/ok"))));
      // then the call fails loudly, naming the fix, rather than going out with no reset on timeout
      assertThat(failure).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("was not created by its webClient()")
          .hasMessageContaining("client.webClient().get(..)");
      // and the right form works
      assertThat(result(call(context, () -> client.send(client.webClient().get(upstream.port(), "127.0.0.1",
          "/ok")))).statusCode()).isEqualTo(200);
    } finally {
      other.close();
    }
  }

  @Test
  void a_failure_when_classification_sees_a_200_whose_body_cannot_be_decoded() {
    // given a client that decodes bodies as part of its classification
    GuardedWebClient client = GuardedWebClient.builder(vertx, webClient)
        .failureWhen(response -> {
          try {
            response.bodyAsJsonObject();
            return false;
          } catch (RuntimeException undecodable) {
            return true;
          }
        })
        .template(g -> g.clock(clock).circuitBreaker(cb -> cb.countWindow(2).minimumCalls(2)))
        .build();
    // when the upstream answers 200 with garbage twice
    HttpResponse<Buffer> first =
        result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/garbage"))));
    result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/garbage"))));
    // then the caller still gets the response, but the breaker counted both as failures and opened
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(2);
    assertThat(onlyBreaker(client).state()).isEqualTo(dev.fusebox.circuitbreaker.CircuitState.OPEN);
  }

  @Test
  void a_timed_out_request_is_reset_so_the_hung_upstream_sees_its_connection_close() {
    // given a guard whose timeout runs on the manual clock
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .circuitBreaker(cb -> cb.minimumCalls(10))
        .timeout(ofSeconds(1)));
    Future<HttpResponse<Buffer>> response =
        call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/hang")));
    result(upstream.hangReceived());
    assertThat(upstream.hangClosed().isComplete()).isFalse();
    // when the timeout expires
    on(context, () -> clock.advance(ofSeconds(1)));
    // then the caller gets the timeout and the upstream sees the connection closed
    assertThat(failure(response)).isInstanceOf(GuardTimeoutException.class)
        .hasMessage("guard 'http:127.0.0.1:" + upstream.port() + "' timed out after 1s");
    result(upstream.hangClosed());
    assertThat(onlyBreaker(client).metrics().failedCalls()).isEqualTo(1);
  }

  // ------------------------------------------------------------------------------------------ contexts

  enum Threading { EVENT_LOOP, WORKER }

  @ParameterizedTest
  @EnumSource(Threading.class)
  void results_and_failures_complete_on_the_callers_context(Threading threading) {
    GuardedWebClient client = breakerClient();
    Promise<List<Boolean>> checked = Promise.promise();
    String deployment = result(vertx.deployVerticle(new VerticleBase() {
      @Override
      public Future<?> start() {
        Context mine = Vertx.currentContext();
        Future<HttpResponse<Buffer>> ok = client.send(webClient.get(upstream.port(), "127.0.0.1", "/ok"));
        Future<HttpResponse<Buffer>> refused = client.send(webClient.get(1, "127.0.0.1", "/ok"));
        Future.all(ok.map(r -> Vertx.currentContext() == mine),
                refused.transform(ar -> Future.succeededFuture(Vertx.currentContext() == mine)))
            .onComplete(ar -> checked.complete(List.of(
                (Boolean) ar.result().resultAt(0), (Boolean) ar.result().resultAt(1))));
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setThreadingModel(threading == Threading.WORKER
        ? ThreadingModel.WORKER : ThreadingModel.EVENT_LOOP)));
    assertThat(result(checked.future())).containsExactly(true, true);
    result(vertx.undeploy(deployment));
  }

  // ------------------------------------------------------------------------------------------ validation

  @Test
  void a_template_that_configures_a_policy_wrongly_fails_at_build_time() {
    assertThatThrownBy(() -> GuardedWebClient.create(vertx, webClient,
        g -> g.circuitBreaker(cb -> cb.failureRate(1.5))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failureRate must be in (0, 1], was 1.5");
  }

  @Test
  void a_null_request_is_a_failed_future_not_an_exception() {
    GuardedWebClient client = breakerClient();
    assertThat(failure(client.send(null))).isInstanceOf(NullPointerException.class);
  }

  @Test
  void guarded_clients_sharing_a_web_client_install_one_interceptor_and_unguarded_requests_pass_untouched() {
    GuardedWebClient first = breakerClient();
    GuardedWebClient second = GuardedWebClient.create(vertx, "second", webClient, g -> g.timeout(ofSeconds(5)));
    assertThat(result(webClient.get(upstream.port(), "127.0.0.1", "/ok").send()).statusCode()).isEqualTo(200);
    assertThat(get(first, "/ok").statusCode()).isEqualTo(200);
    assertThat(get(second, "/ok").statusCode()).isEqualTo(200);
    assertThat(second.breakers()).isEmpty();
    assertThat(second.name()).isEqualTo("second");
    assertThat(second.webClient()).isSameAs(webClient);
  }
}
