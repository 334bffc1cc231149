package dev.fusebox.demo;

import static dev.fusebox.demo.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.demo.config.ConfigLoader;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.testing.TestUpstream.Mode;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The default guard's latency budget, on a manual clock: with the upstream hanging, a cached user is served at the
 * deadline (1 s) — not after three 800 ms attempts and their backoff — and an uncached one is a 504 at the deadline.
 * And the fault the breaker used to miss: a malformed 200 body fails the attempt, so the breaker opens on it.
 */
class LatencyBudgetTest {

  private final ManualClock clock = new ManualClock();
  private TestUpstream upstream;
  private RunningDemo demo;

  @BeforeEach
  void start() throws Exception {
    upstream = TestUpstream.start();
    // the default guard and deadline: only the upstream is given
    demo = RunningDemo.start(Map.of("USER_API_URL", upstream.url()), List.of(), clock);
  }

  @AfterEach
  void stop() throws Exception {
    demo.close();
    upstream.close();
  }

  @Test
  void hangingUpstreamServesTheCachedUserWithinTheDeadline() throws Exception {
    // given a cached user and an upstream that stops answering
    assertThat(demo.get("/users/1").statusCode()).isEqualTo(200);
    upstream.mode(Mode.HOLDING);

    // when the lookup's first attempt timed out at 800 ms and its retry (after a delay under 100 ms) hangs too
    CompletableFuture<HttpResponse<String>> pending = send("/users/1");
    await(() -> upstream.calls() >= 2, "the first attempt");
    armed(Duration.ofMillis(800)); // the attempt's timeout (it is armed just after the request goes out)
    clock.advance(Duration.ofMillis(800));
    await(() -> clock.pendingDelays().stream().anyMatch(d -> d.toMillis() < 100), "the retry's delay");
    clock.advance(Duration.ofMillis(99));
    await(() -> upstream.calls() >= 3, "the second attempt");

    // then there is no answer at 899 ms; at 900 ms (userApi.serveStaleAfter, 90 % of the 1 s deadline) the cached
    // user is served, before the budget is spent
    assertThat(pending).isNotDone();
    clock.advance(Duration.ofMillis(1));
    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Served-From")).hasValue("cache");
    assertThat(new JsonObject(response.body()).getLong("id")).isEqualTo(1L);

    // and the upstream call goes on to the deadline, with no third attempt
    clock.advance(Duration.ofMillis(100));
    assertThat(upstream.calls()).as("no third attempt").isEqualTo(3);
  }

  @Test
  void hangingUpstreamIsA504AtTheDeadlineForAnUncachedUser() throws Exception {
    upstream.mode(Mode.HOLDING);
    CompletableFuture<HttpResponse<String>> pending = send("/users/2");
    await(() -> upstream.calls() >= 1, "the first attempt");
    armed(Duration.ofMillis(1000)); // the deadline

    clock.advance(Duration.ofMillis(999));
    assertThat(pending).isNotDone();
    clock.advance(Duration.ofMillis(1));

    HttpResponse<String> response = pending.get(10, TimeUnit.SECONDS);
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getString("detail")).contains("1s");
  }

  @Test
  void malformedBodiesAreBreakerFailuresAndServeTheCache() throws Exception {
    // given a cached user, then an upstream answering 200 with bodies that are not JSON
    assertThat(demo.get("/users/3").statusCode()).isEqualTo(200);
    upstream.mode(Mode.MALFORMED);

    // when lookups keep coming (their retry delays pass on the manual clock)
    int minimumCalls = ConfigLoader.defaultGuard().getJsonObject("circuitBreaker").getInteger("minimumCalls");
    for (int i = 0; i < minimumCalls && demo.service().breakers().get(0).state() == CircuitState.CLOSED; i++) {
      HttpResponse<String> response = demo.getAdvancing("/users/3", clock);
      // then each is served from the cache, never as the malformed body
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Served-From")).hasValue("cache");
      assertThat(new JsonObject(response.body()).getString("name")).isEqualTo("Test user 3");
    }

    // and the breaker counted them as failures and opened
    assertThat(demo.service().breakers().get(0).state()).isEqualTo(CircuitState.OPEN);
    HttpResponse<String> uncached = demo.get("/users/4");
    assertThat(uncached.statusCode()).isEqualTo(503);
    assertThat(uncached.headers().firstValue("Retry-After")).isPresent();
  }

  private void armed(Duration timer) throws InterruptedException {
    clock.awaitTimer(timer, Duration.ofSeconds(10));
  }

  private CompletableFuture<HttpResponse<String>> send(String path) {
    return demo.http().sendAsync(HttpRequest.newBuilder(URI.create(demo.url() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
