package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The demo as {@code java -jar} starts it: no upstream configured, so the embedded simulated API answers, with its
 * fault controls off unless enabled, and then on loopback only.
 */
class EmbeddedDemoTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void withNoConfigurationTheEmbeddedApiServesUsersAndTheOperationalEndpointsAnswer() throws Exception {
    try (RunningDemo demo = RunningDemo.start(Map.of(), List.of(), clock)) {
      HttpResponse<String> user = demo.get("/users/1");
      assertThat(user.statusCode()).isEqualTo(200);
      assertThat(user.headers().firstValue("X-Served-From")).hasValue("upstream");
      assertThat(new JsonObject(user.body()).getString("name")).isEqualTo("User 1");
      assertThat(demo.get("/users/999999").statusCode()).isEqualTo(404);

      assertThat(demo.service().upstream().host()).isEqualTo("127.0.0.1");
      assertThat(demo.service().adminPort()).isEqualTo(-1);

      HttpResponse<String> health = demo.get("/health");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(health.body()).getString("status")).isEqualTo("UP");
      HttpResponse<String> ready = demo.get("/ready");
      assertThat(ready.statusCode()).isEqualTo(200);

      HttpResponse<String> breakers = demo.get("/breakers");
      assertThat(breakers.headers().firstValue("Content-Type")).hasValue("application/json");
      JsonArray list = new JsonObject(breakers.body()).getJsonArray("breakers");
      assertThat(list).hasSize(1);
      assertThat(list.getJsonObject(0).getString("name"))
          .isEqualTo("user-api:127.0.0.1:" + demo.service().upstream().port());
      assertThat(list.getJsonObject(0).getString("state")).isEqualTo("CLOSED");
      assertThat(list.getJsonObject(0).getLong("calls")).isEqualTo(2);

      HttpResponse<String> dashboard = demo.get("/dashboard");
      assertThat(dashboard.headers().firstValue("Content-Type")).hasValueSatisfying(
          v -> assertThat(v).startsWith("text/html"));
      assertThat(dashboard.body()).contains("EventSource");
      assertThat(demo.get("/").statusCode()).isEqualTo(302);
    }
  }

  @Test
  void faultControlsAreOffByDefaultAndOnLoopbackOnlyWhenEnabled() throws Exception {
    Map<String, String> env = Map.of("DEMO_ADMIN_ENABLED", "true", "ADMIN_PORT", "0");
    try (RunningDemo demo = RunningDemo.start(env, List.of(), clock)) {
      int admin = demo.service().adminPort();
      assertThat(admin).isPositive();
      assertThat(demo.send(admin, "GET", "/admin/faults", null).statusCode()).isEqualTo(200);

      Optional<InetAddress> external = nonLoopbackAddress();
      if (external.isPresent()) {
        assertThatThrownBy(() -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(external.get(), admin), 2000);
          }
        }).isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void injectedFaultsFallBackToTheCacheOrAnswerWithAProblem() throws Exception {
    Map<String, String> env = Map.of("DEMO_ADMIN_ENABLED", "true", "ADMIN_PORT", "0");
    try (RunningDemo demo = RunningDemo.start(env, List.of(), clock)) {
      int admin = demo.service().adminPort();
      assertThat(demo.get("/users/1").statusCode()).isEqualTo(200); // cached from now on

      // server errors
      assertThat(demo.send(admin, "PUT", "/admin/faults", "{\"errorRate\": 1}").statusCode()).isEqualTo(200);
      assertServedFromCache(demo.getAdvancing("/users/1", clock));
      assertProblem(demo.getAdvancing("/users/2", clock), 503);

      // connection reset
      demo.send(admin, "PUT", "/admin/faults", "{\"resetRate\": 1}");
      assertServedFromCache(demo.getAdvancing("/users/1", clock));
      assertProblem(demo.getAdvancing("/users/3", clock), 503);

      // malformed body
      demo.send(admin, "PUT", "/admin/faults", "{\"malformedRate\": 1}");
      assertServedFromCache(demo.getAdvancing("/users/1", clock));
      assertProblem(demo.getAdvancing("/users/4", clock), 503);

      // hang: the 800 ms timeout gives up on each attempt (breaker reset: the faults above nearly opened it)
      demo.service().breakers().get(0).reset();
      demo.send(admin, "PUT", "/admin/faults", "{\"hangRate\": 1}");
      assertServedFromCache(demo.getAdvancing("/users/1", clock));
      assertProblem(demo.getAdvancing("/users/5", clock), 504);

      // back to normal
      assertThat(demo.send(admin, "DELETE", "/admin/faults", null).statusCode()).isEqualTo(200);
      demo.service().breakers().get(0).reset();
      HttpResponse<String> healthy = demo.getAdvancing("/users/6", clock);
      assertThat(healthy.statusCode()).isEqualTo(200);
      assertThat(healthy.headers().firstValue("X-Served-From")).hasValue("upstream");
    }
  }

  @Test
  void invalidFaultsAreRejectedNamingTheField() throws Exception {
    Map<String, String> env = Map.of("DEMO_ADMIN_ENABLED", "true", "ADMIN_PORT", "0");
    try (RunningDemo demo = RunningDemo.start(env, List.of(), clock)) {
      int admin = demo.service().adminPort();

      HttpResponse<String> rate = demo.send(admin, "PUT", "/admin/faults", "{\"errorRate\": 1.5}");
      assertThat(rate.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(rate.body()).getString("detail")).contains("errorRate must be in [0, 1], was 1.5");

      HttpResponse<String> unknown = demo.send(admin, "PUT", "/admin/faults", "{\"errorrate\": 1}");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(unknown.body()).getString("detail")).contains("unknown field errorrate");

      assertThat(new JsonObject(demo.send(admin, "GET", "/admin/faults", null).body()).getDouble("errorRate"))
          .isZero();
    }
  }

  @Test
  void theAdminPortForcesOpenDisablesAndResetsABreakerFleetWideAndRefusesBadInputAsAProblem() throws Exception {
    Map<String, String> env = Map.of("DEMO_ADMIN_ENABLED", "true", "ADMIN_PORT", "0");
    try (RunningDemo demo = RunningDemo.start(env, List.of(), clock)) {
      int admin = demo.service().adminPort();
      assertThat(demo.get("/users/1").statusCode()).isEqualTo(200);
      var breaker = demo.service().breakers().get(0);

      HttpResponse<String> forced = demo.send(admin, "POST", "/fleet/breakers/" + breaker.name() + "/force-open", null);
      assertThat(forced.statusCode()).as(forced.body()).isEqualTo(202);
      assertThat(new JsonObject(forced.body()).getString("action")).isEqualTo("force-open");
      assertThat(breaker.state()).isEqualTo(dev.fusebox.circuitbreaker.CircuitState.FORCED_OPEN);
      assertThat(demo.send(admin, "POST", "/fleet/breakers/" + breaker.name() + "/disable", null).statusCode())
          .isEqualTo(202);
      assertThat(breaker.state()).isEqualTo(dev.fusebox.circuitbreaker.CircuitState.DISABLED);
      assertThat(demo.send(admin, "POST", "/fleet/breakers/" + breaker.name() + "/reset", null).statusCode())
          .isEqualTo(202);
      assertThat(breaker.state()).isEqualTo(dev.fusebox.circuitbreaker.CircuitState.CLOSED);

      HttpResponse<String> action = demo.send(admin, "POST", "/fleet/breakers/users/explode", null);
      assertProblem(action, 400);
      assertThat(new JsonObject(action.body()).getString("detail")).contains("action must be one of");
      HttpResponse<String> name = demo.send(admin, "POST", "/fleet/breakers/a%20b/reset", null);
      assertProblem(name, 400);
      assertThat(new JsonObject(name.body()).getString("detail")).contains("name must be");
    }
  }

  private static void assertServedFromCache(HttpResponse<String> response) {
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Served-From")).hasValue("cache");
  }

  private static void assertProblem(HttpResponse<String> response, int status) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(response.body()).getInteger("status")).isEqualTo(status);
  }

  private static Optional<InetAddress> nonLoopbackAddress() throws Exception {
    for (NetworkInterface nic : java.util.Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress address : java.util.Collections.list(nic.getInetAddresses())) {
        if (address instanceof Inet4Address) {
          return Optional.of(address);
        }
      }
    }
    return Optional.empty();
  }
}
