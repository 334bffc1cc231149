package dev.fusebox.vertx.client;

import static dev.fusebox.testing.Await.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A client's per-upstream template reconfigured in place: every upstream's guard, and those met later. */
@ExtendWith(VertxExtension.class)
class GuardedWebClientReloadTest {

  private static GuardConfig breaker(int minimumCalls) {
    return GuardConfig.parse(new JsonObject().put("circuitBreaker", new JsonObject().put("countWindow", 10)
        .put("minimumCalls", minimumCalls)).put("timeout", "1s"), "guard");
  }

  private static void fail(Vertx vertx, Guard<HttpResponse<Buffer>> guard, int times) {
    for (int i = 0; i < times; i++) {
      Await.outcome(call(vertx.getOrCreateContext(), () -> guard.execute(() ->
          Future.failedFuture(new IOException("down")))));
    }
  }

  @Test
  void everyUpstreamGuardTakesTheNewTemplateAndKeepsItsBreaker(Vertx vertx) {
    // given two upstreams, one with a failure counted
    GuardedWebClient client = GuardedWebClient.create(vertx, WebClient.create(vertx), breaker(10)::applyTo);
    Guard<HttpResponse<Buffer>> a = client.guard("a.example", 443);
    Guard<HttpResponse<Buffer>> b = client.guard("b.example", 443);
    CircuitBreaker breakerOfA = client.breakers().get(0);
    fail(vertx, a, 1);

    // when the template asks for 2 calls instead of 10
    long generation = client.reconfigure(breaker(2)::applyTo);

    // then both guards run it, on their own breakers, the failure still counted
    assertThat(generation).isEqualTo(2);
    assertThat(client.generation()).isEqualTo(2);
    assertThat(a.generation()).isEqualTo(2);
    assertThat(b.generation()).isEqualTo(2);
    assertThat(client.breakers().get(0)).isSameAs(breakerOfA);
    assertThat(client.registry().breakers()).hasSize(2);
    fail(vertx, a, 1);
    assertThat(breakerOfA.state()).isEqualTo(CircuitState.OPEN);
    // and an upstream met later is built with it
    Guard<HttpResponse<Buffer>> c = client.guard("c.example", 443);
    fail(vertx, c, 2);
    assertThat(client.breakers().get(2).state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aTemplateNoGuardCanTakeInPlaceIsRefusedAndChangesNothing(Vertx vertx) {
    GuardedWebClient client = GuardedWebClient.create(vertx, WebClient.create(vertx), breaker(10)::applyTo);
    Guard<HttpResponse<Buffer>> a = client.guard("a.example", 443);

    assertThatThrownBy(() -> client.reconfigure(g -> g.retry(r -> r.maxAttempts(2)).with(breaker(2)
        .policy("circuitBreaker").orElseThrow()).timeout(java.time.Duration.ofSeconds(1))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("order must stay [circuitBreaker, timeout]");
    assertThatThrownBy(() -> client.reconfigure(g -> g.circuitBreaker(cb -> cb.failureRate(2))))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("failureRate must be in (0, 1], was 2.0");

    assertThat(client.generation()).isEqualTo(1);
    assertThat(a.generation()).isEqualTo(1);
  }
}
