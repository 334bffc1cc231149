package dev.fusebox.vertx.client;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.stale.StaleMetrics;
import dev.fusebox.stale.StaleValue;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.cache.CaffeineStaleCache;
import dev.fusebox.vertx.testing.Upstream;
import dev.fusebox.vertx.testing.Upstream.Scripted;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The stale-value policy in a guarded client's template, over real HTTP on loopback, with a Caffeine cache. */
@ExtendWith(VertxExtension.class)
class StaleWebClientTest {

  private Vertx vertx;
  private Upstream upstream;
  private WebClient webClient;
  private Context context;
  private final ManualClock clock = new ManualClock();
  private StaleValue<HttpResponse<Buffer>> stale;
  private GuardedWebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.upstream = result(Upstream.start(vertx));
    this.webClient = WebClient.create(vertx);
    this.context = vertx.getOrCreateContext();
    this.stale = StaleValue.of("users", s -> s
        .cache(CaffeineStaleCache.of(1_000, ofMinutes(10), clock))
        .maxStaleness(ofMinutes(10))
        .storeWhen(r -> r.statusCode() == 200)
        .asStale(StaleResponse::mark));
    this.client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock).stale(stale)
        .circuitBreaker(cb -> cb.failureRate(0.5).minimumCalls(10)));
  }

  @AfterEach
  void tearDown() {
    webClient.close();
    result(upstream.close());
  }

  private Future<HttpResponse<Buffer>> get(String path) {
    return call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", path)));
  }

  @Test
  void a_failed_get_is_answered_with_the_last_good_response_and_its_age() {
    // given a good answer remembered
    upstream.script(new Scripted(200, io.vertx.core.MultiMap.caseInsensitiveMultiMap(), "{\"v\":1}"),
        Scripted.of(503));
    HttpResponse<Buffer> first = result(get("/scripted"));
    assertThat(first).isNotInstanceOf(StaleResponse.class);

    // when the next answer for the same resource is a 503, 42 s later
    clock.advance(ofSeconds(42));
    HttpResponse<Buffer> second = result(get("/scripted"));

    // then the caller gets the remembered response, marked, with an Age header
    assertThat(second).isInstanceOfSatisfying(StaleResponse.class, s -> assertThat(s.age()).isEqualTo(ofSeconds(42)));
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.bodyAsString()).isEqualTo("{\"v\":1}");
    assertThat(second.getHeader("Age")).isEqualTo("42");
    assertThat(upstream.hits("/scripted")).isEqualTo(2);
    assertThat(stale.metrics().servedStale()).isEqualTo(1);
  }

  @Test
  void a_failed_get_for_another_resource_or_a_404_is_not_served_stale() {
    result(get("/users/1"));
    HttpResponse<Buffer> other = result(get("/status/503"));
    assertThat(other).isNotInstanceOf(StaleResponse.class);
    assertThat(other.statusCode()).as("nothing remembered for it: the failure status goes on").isEqualTo(503);
    result(get("/status/404"));
    assertThat(stale.metrics().stored()).as("only the 200 was remembered").isEqualTo(1);
  }

  @Test
  void concurrent_gets_for_one_resource_cause_one_upstream_request() {
    // given 50 GETs of one resource while the upstream holds the first
    List<Future<HttpResponse<Buffer>>> responses = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      responses.add(get("/slow"));
    }
    // (each send runs on the context before get returns: the 49 joined the first one's flight synchronously)
    assertThat(stale.metrics().coalesced()).isEqualTo(49);
    result(upstream.slowReceived());

    // when it answers
    upstream.releaseSlow();

    // then all 50 callers got the answer of one request
    assertThat(responses).allSatisfy(r -> assertThat(result(r).bodyAsString()).isEqualTo("slow but fine"));
    assertThat(upstream.hits("/slow")).isEqualTo(1);
    assertThat(stale.metrics()).isEqualTo(new StaleMetrics(1, 0, 0, 49, 1));
  }

  @Test
  void requests_differing_only_in_query_or_template_parameters_are_different_resources() {
    // given user 1 remembered through a query parameter and a template
    result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", "/users/1")
        .addQueryParam("fields", "name"))));
    io.vertx.uritemplate.UriTemplate users = io.vertx.uritemplate.UriTemplate.of("/users/{id}");
    result(call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1", users)
        .setTemplateParam("id", "1"))));

    // then a request for another query or template value finds nothing remembered
    assertThat(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", "/users/1").addQueryParam("fields", "id"),
        "a")).isNotEqualTo(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", "/users/1")
        .addQueryParam("fields", "name"), "a"));
    assertThat(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", users).setTemplateParam("id", "2"), "a"))
        .isNotEqualTo(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", users).setTemplateParam("id", "1"),
            "a"));
    assertThat(stale.metrics().stored()).as("two resources remembered").isEqualTo(2);
  }

  @Test
  void a_value_cannot_imitate_two_parameters_and_per_user_requests_get_no_key() {
    assertThat(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", "/s").addQueryParam("q", "1&b=2"), "a"))
        .isNotEqualTo(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", "/s").addQueryParam("q", "1")
            .addQueryParam("b", "2"), "a"));
    assertThat(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", "/me").bearerTokenAuthentication("t"), "a"))
        .isNull();
    assertThat(RequestKey.of(webClient.get(upstream.port(), "127.0.0.1", "/me").putHeader("Cookie", "s=1"), "a"))
        .isNull();

    // two users' concurrent requests for /slow are two upstream requests, neither remembered
    Future<HttpResponse<Buffer>> ada = call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1",
        "/slow").bearerTokenAuthentication("ada")));
    Future<HttpResponse<Buffer>> bob = call(context, () -> client.send(webClient.get(upstream.port(), "127.0.0.1",
        "/slow").bearerTokenAuthentication("bob")));
    assertThat(stale.metrics().coalesced()).isZero();
    upstream.releaseSlow();
    result(ada);
    result(bob);
    assertThat(upstream.hits("/slow")).isEqualTo(2);
    assertThat(stale.metrics().stored()).isZero();
  }

  @Test
  void writes_are_never_coalesced_nor_served_stale() {
    List<Future<HttpResponse<Buffer>>> posts = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      posts.add(call(context, () -> client.send(webClient.post(upstream.port(), "127.0.0.1", "/slow"))));
    }
    assertThat(stale.metrics().coalesced()).as("three POSTs in flight at once, none joined another").isZero();
    upstream.releaseSlow();
    posts.forEach(p -> assertThat(result(p).statusCode()).isEqualTo(200));
    assertThat(upstream.hits("/slow")).isEqualTo(3);
    assertThat(stale.metrics().stored()).isZero();
  }
}
