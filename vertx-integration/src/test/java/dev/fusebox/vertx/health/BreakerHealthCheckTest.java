package dev.fusebox.vertx.health;

import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BreakerHealthCheckTest {

  /** Serves {@code checks} at /health on a loopback port and returns one GET of it. */
  private static HttpResponse<Buffer> getHealth(Vertx vertx, HealthChecks checks) {
    Router router = Router.router(vertx);
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(checks));
    HttpServer server = result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(router).listen());
    WebClient client = WebClient.create(vertx);
    try {
      return result(client.get(server.actualPort(), "127.0.0.1", "/health").send());
    } finally {
      client.close();
      result(server.close());
    }
  }

  private static CircuitBreaker failedOnce(String name) {
    CircuitBreaker breaker = CircuitBreaker.of(name, cb -> cb.minimumCalls(4).countWindow(4));
    result(breaker.execute(() -> Future.succeededFuture("ok")));
    breaker.execute(() -> Future.failedFuture(new IllegalStateException("down")));
    return breaker;
  }

  @Test
  void every_breaker_is_reported_with_its_state_rates_and_counts_and_an_open_breaker_keeps_it_up(Vertx vertx) {
    // given
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    registry.register(failedOnce("users"));
    CircuitBreaker payments = CircuitBreaker.ofDefaults("payments");
    payments.forceOpen();
    registry.register(payments);
    HealthChecks checks = HealthChecks.create(vertx);
    BreakerHealthCheck.of(registry).registerIn(checks);
    // when
    HttpResponse<Buffer> response = getHealth(vertx, checks);
    // then
    assertThat(response.statusCode()).isEqualTo(200);
    JsonObject check = response.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0);
    assertThat(check.getString("id")).isEqualTo("circuit-breakers");
    assertThat(check.getString("status")).isEqualTo("UP");
    JsonObject users = check.getJsonObject("data").getJsonObject("breakers").getJsonObject("users");
    assertThat(users).isEqualTo(new JsonObject().put("state", "closed").put("failureRate", 0.5)
        .put("slowCallRate", 0.0).put("calls", 2).put("failedCalls", 1).put("slowCalls", 0)
        .put("rejectedCalls", 0));
    assertThat(check.getJsonObject("data").getJsonObject("breakers").getJsonObject("payments")
        .getString("state")).isEqualTo("forced_open");
  }

  @Test
  void down_when_open_reports_down_while_a_breaker_is_open_and_up_again_once_it_closes(Vertx vertx) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    CircuitBreaker payments = CircuitBreaker.ofDefaults("payments");
    registry.register(payments);
    HealthChecks checks = HealthChecks.create(vertx);
    BreakerHealthCheck.of(registry).downWhenOpen().registerIn(checks, "upstreams");
    payments.forceOpen();
    HttpResponse<Buffer> down = getHealth(vertx, checks);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.bodyAsJsonObject().getString("outcome")).isEqualTo("DOWN");
    assertThat(down.bodyAsJsonObject().getJsonArray("checks").getJsonObject(0).getString("id"))
        .isEqualTo("upstreams");
    payments.reset();
    assertThat(getHealth(vertx, checks).statusCode()).isEqualTo(200);
  }

  @Test
  void a_breaker_registered_after_the_check_is_reported_too(Vertx vertx) {
    CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
    BreakerHealthCheck check = BreakerHealthCheck.of(registry);
    assertThat(check.status().getData().getJsonObject("breakers").isEmpty()).isTrue();
    registry.register(CircuitBreaker.ofDefaults("late"));
    assertThat(check.status().getData().getJsonObject("breakers").fieldNames()).containsExactly("late");
    assertThat(check.status().isOk()).isTrue();
  }
}
