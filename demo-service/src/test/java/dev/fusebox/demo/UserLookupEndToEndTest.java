package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.demo.testing.Eventually;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.testing.TestUpstream.Mode;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end against an upstream under the test's control: upstream, cache, breaker opening and closing
 * again, 404 and timeouts. Time is a manual clock: nothing sleeps.
 */
class UserLookupEndToEndTest {

  /** Two attempts without delay, a breaker judging at least 4 calls, one probe, a 2 s timeout per attempt. */
  static final String GUARD = """
      {"timeout": "2s",
       "retry": {"maxAttempts": 2, "backoff": {"type": "fixed", "initial": "0ms"}, "jitter": 0},
       "circuitBreaker": {"failureRate": 0.5, "minimumCalls": 4, "window": "10s", "openFor": "30s",
                          "halfOpenCalls": 1}}""";

  private final ManualClock clock = new ManualClock();
  private TestUpstream upstream;
  private RunningDemo demo;

  @BeforeEach
  void start() throws Exception {
    upstream = TestUpstream.start();
    demo = RunningDemo.against(upstream, GUARD, clock);
  }

  @AfterEach
  void stop() throws Exception {
    demo.close();
    upstream.close();
  }

  private CircuitBreaker breaker() {
    assertThat(demo.service().breakers()).hasSize(1);
    return demo.service().breakers().get(0);
  }

  @Test
  void servesFromUpstreamThenCacheThenFailsFastWhileOpenThenClosesAfterAProbe() throws Exception {
    // given a healthy upstream
    HttpResponse<String> first = demo.get("/users/1");
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("X-Served-From")).hasValue("upstream");
    assertThat(new JsonObject(first.body()).getString("name")).isEqualTo("Test user 1");
    assertThat(demo.get("/users/2").statusCode()).isEqualTo(200);
    assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);

    // when the upstream starts failing, the cached user is served (after two failed attempts)
    upstream.mode(Mode.FAILING);
    HttpResponse<String> cached = demo.get("/users/1");
    assertThat(cached.statusCode()).isEqualTo(200);
    assertThat(cached.headers().firstValue("X-Served-From")).hasValue("cache");
    assertThat(new JsonObject(cached.body()).getString("name")).isEqualTo("Test user 1");
    assertThat(upstream.calls()).isEqualTo(4);

    // then 2 failures out of 4 calls open the breaker, and nothing reaches the upstream any more
    assertThat(breaker().state()).isEqualTo(CircuitState.OPEN);
    HttpResponse<String> stillCached = demo.get("/users/2");
    assertThat(stillCached.statusCode()).isEqualTo(200);
    assertThat(stillCached.headers().firstValue("X-Served-From")).hasValue("cache");
    HttpResponse<String> refused = demo.get("/users/3");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(refused.headers().firstValue("X-Served-From")).isEmpty();
    assertThat(new JsonObject(refused.body()).getInteger("status")).isEqualTo(503);
    assertThat(upstream.calls()).isEqualTo(4);

    // when the open duration has passed and the upstream is healthy again, one probe closes the breaker
    upstream.mode(Mode.HEALTHY);
    clock.advance(Duration.ofSeconds(30));
    HttpResponse<String> probe = demo.get("/users/3");
    assertThat(probe.statusCode()).isEqualTo(200);
    assertThat(probe.headers().firstValue("X-Served-From")).hasValue("upstream");
    assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(upstream.calls()).isEqualTo(5);
  }

  @Test
  void cachedUsersAreServedForTheCacheTtlOnly() throws Exception {
    assertThat(demo.get("/users/12").statusCode()).isEqualTo(200);
    upstream.mode(Mode.FAILING);

    clock.advance(Duration.ofMinutes(9));
    assertThat(demo.get("/users/12").headers().firstValue("X-Served-From")).hasValue("cache");

    clock.advance(Duration.ofMinutes(1)); // the default cache.ttl, 10 minutes, has passed
    HttpResponse<String> expired = demo.get("/users/12");
    assertThat(expired.statusCode()).isEqualTo(503);
    assertThat(expired.headers().firstValue("X-Served-From")).isEmpty();
  }

  @Test
  void retryAfterCountsDownWithTheOpenDuration() throws Exception {
    upstream.mode(Mode.FAILING);
    demo.get("/users/7");
    demo.get("/users/8");
    assertThat(breaker().state()).isEqualTo(CircuitState.OPEN);

    clock.advance(Duration.ofSeconds(20));

    HttpResponse<String> refused = demo.get("/users/9");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("10");
  }

  @Test
  void failingUpstreamWithNothingCachedIs503WithoutRetryAfterWhileTheBreakerIsClosed() throws Exception {
    upstream.mode(Mode.FAILING);

    HttpResponse<String> response = demo.get("/users/5");

    assertThat(breaker().state()).isEqualTo(CircuitState.CLOSED);
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("Retry-After")).isEmpty();
    assertThat(upstream.paths()).containsExactly("/users/5", "/users/5");
  }

  @Test
  void upstream404Is404AndNeitherRetriedNorABreakerFailure() throws Exception {
    HttpResponse<String> response = demo.get("/users/404123");

    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(response.headers().firstValue("X-Served-From")).hasValue("upstream");
    assertThat(upstream.paths()).containsExactly("/users/404123");
    assertThat(breaker().metrics().failedCalls()).isZero();
    assertThat(breaker().metrics().calls()).isEqualTo(1);
  }

  @Test
  void hungUpstreamTimesOutAs504AndTheHeldRequestsAreReset() throws Exception {
    upstream.mode(Mode.HOLDING);
    CompletableFuture<HttpResponse<String>> pending = demo.http().sendAsync(
        HttpRequest.newBuilder(URI.create(demo.url() + "/users/6")).build(), HttpResponse.BodyHandlers.ofString());

    awaitAttempt(1);
    clock.advance(Duration.ofSeconds(2)); // first attempt times out, the retry starts at once
    awaitAttempt(2);
    clock.advance(Duration.ofSeconds(2)); // so does the second: no cache, so 504

    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(breaker().metrics().failedCalls()).isEqualTo(2);
    Eventually.await(() -> upstream.heldAbandoned() == 2, "both held requests reset by the client");
  }

  @Test
  void cachedUserIsServedWhenTheUpstreamHangs() throws Exception {
    assertThat(demo.get("/users/11").statusCode()).isEqualTo(200);
    upstream.mode(Mode.HOLDING);
    CompletableFuture<HttpResponse<String>> pending = demo.http().sendAsync(
        HttpRequest.newBuilder(URI.create(demo.url() + "/users/11")).build(), HttpResponse.BodyHandlers.ofString());

    awaitAttempt(2);
    clock.advance(Duration.ofSeconds(2));
    awaitAttempt(3);
    clock.advance(Duration.ofSeconds(2));

    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Served-From")).hasValue("cache");
  }

  @Test
  void concurrentLookupsOfOneUncachedUserCauseOneUpstreamRequest() throws Exception {
    // given the upstream holding its answers, and 20 lookups of user 21 at once
    upstream.mode(Mode.HOLDING);
    java.util.List<CompletableFuture<HttpResponse<String>>> pending = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pending.add(demo.http().sendAsync(HttpRequest.newBuilder(URI.create(demo.url() + "/users/21")).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    Eventually.await(() -> demo.service().users().metrics().coalesced() == 19, "19 lookups joining the first");
    Eventually.await(() -> upstream.heldCount() == 1, "the first lookup's request held by the upstream");

    // when the one upstream request is answered
    upstream.releaseHeld();

    // then every lookup got the user from it
    for (CompletableFuture<HttpResponse<String>> p : pending) {
      HttpResponse<String> response = p.get(10, TimeUnit.SECONDS);
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(response.body()).getString("name")).isEqualTo("Test user 21");
      assertThat(response.headers().firstValue("X-Served-From")).hasValue("upstream");
    }
    assertThat(upstream.calls()).isEqualTo(1);
  }

  private void awaitCalls(int calls) throws InterruptedException {
    Eventually.await(() -> upstream.calls() >= calls, calls + " upstream calls");
  }

  /** Waits for the upstream's {@code calls}-th request and for its attempt's 2 s timeout, armed just after it. */
  private void awaitAttempt(int calls) throws InterruptedException {
    awaitCalls(calls);
    clock.awaitTimer(Duration.ofSeconds(2), Duration.ofSeconds(10));
  }
}
