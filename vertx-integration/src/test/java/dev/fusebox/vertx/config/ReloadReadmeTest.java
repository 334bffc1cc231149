package dev.fusebox.vertx.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.testing.Await;
import dev.fusebox.vertx.client.GuardedWebClient;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The README's hot-reload examples, compiled and run (ReadmeSnippetsTest keeps them verbatim). */
@ExtendWith(VertxExtension.class)
class ReloadReadmeTest {

  @TempDir
  Path dir;

  @Test
  void reconfigureInPlace(Vertx vertx) {
    JsonObject json = new JsonObject("{\"circuitBreaker\": {\"countWindow\": 100, \"minimumCalls\": 20}}");
    JsonObject changedJson = new JsonObject("{\"circuitBreaker\": {\"countWindow\": 100, \"minimumCalls\": 10,"
        + " \"failureRate\": 0.3}}");
    // README-RELOAD-GUARD-BEGIN
    Guard<String> users = GuardConfig.parse(json, "userApi.guard").build(vertx, "user-api");
    CircuitBreaker breaker = (CircuitBreaker) users.policies().get(0);

    long generation = users.reconfigure(GuardConfig.parse(changedJson, "userApi.guard"));

    assert generation == 2 && users.policies().get(0) == breaker;   // same breaker: state, window, listeners
    // README-RELOAD-GUARD-END
    assertThat(generation).isEqualTo(2);
    assertThat(users.policies().get(0)).isSameAs(breaker);
  }

  @Test
  void reloadFromAFile(Vertx vertx) throws Exception {
    Path file = dir.resolve("app.json");
    Files.writeString(file, "{\"userApi\": {\"guard\": {\"timeout\": \"800ms\"}},"
        + " \"search\": {\"guard\": {\"timeout\": \"800ms\"}}}");
    ConfigRetriever initial = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().addStore(
        new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", file.toString()))));
    JsonObject config = Await.result(initial.getConfig());
    initial.close();
    Guard<String> users = GuardConfig.fromJson(vertx, "user-api", config.getJsonObject("userApi")
        .getJsonObject("guard"), "userApi.guard");
    GuardConfig search = GuardConfig.parse(config.getJsonObject("search").getJsonObject("guard"), "search.guard");
    GuardedWebClient client = GuardedWebClient.create(vertx, WebClient.create(vertx), search::applyTo);
    LinkedBlockingQueue<GuardReload> reloads = new LinkedBlockingQueue<>();
    // README-RELOAD-RETRIEVER-BEGIN
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions()
        .setScanPeriod(2000)
        .addStore(new ConfigStoreOptions().setType("file")          // also "yaml" with vertx-config-yaml
            .setConfig(new JsonObject().put("path", file.toString()))));   // e.g. a mounted ConfigMap
    GuardReloader reloader = GuardReloader.create(retriever, config)   // config: what the guards were built from
        .watch("userApi.guard", users::reconfigure)                  // a Guard
        .watch("search.guard", changed -> client.reconfigure(changed::applyTo));   // a GuardedWebClient
    reloader.onReload(reload -> {
      if (!reload.applied()) {
        alert(reload.error().getMessage());   // names the JSON path: "userApi.guard.timeout must be >= 1ms, ..."
      }
    });
    // README-RELOAD-RETRIEVER-END
    reloader.onReload(reloads::add);
    Files.writeString(file, "{\"userApi\": {\"guard\": {\"timeout\": \"500ms\"}},"
        + " \"search\": {\"guard\": {\"timeout\": \"800ms\"}}}");
    GuardReload reload = reloads.poll(20, TimeUnit.SECONDS);
    assertThat(reload).isNotNull();
    assertThat(reload.path()).isEqualTo("userApi.guard");
    assertThat(users.generation()).isEqualTo(2);
    assertThat(client.generation()).isEqualTo(1);
    retriever.close();
  }

  private static void alert(String message) {
    assertThat(message).isNotBlank();
  }
}
