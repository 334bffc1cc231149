package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestFiles;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The demo reloads {@code userApi.guard} when its {@code DEMO_CONFIG} file changes (the Helm ConfigMap update
 * path): {@code /breakers} shows the generation each guard runs; an invalid file is refused and shown, the guard
 * keeping its configuration; so is a file that is not JSON. The file is scanned every 50 ms; every wait is bounded
 * at 10 s.
 */
class ConfigReloadTest {

  private static final String CONFIG = """
      {"reload": {"scanPeriod": "50ms"},
       "userApi": {"guard": {"circuitBreaker": {"countWindow": 50, "minimumCalls": MIN, "failureRate": RATE}}}}""";

  private static String config(int minimumCalls, String failureRate) {
    return CONFIG.replace("MIN", String.valueOf(minimumCalls)).replace("RATE", failureRate);
  }

  private static void replace(Path file, String content) throws Exception {
    Path tmp = file.resolveSibling(file.getFileName() + ".new");
    Files.writeString(tmp, content);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads {@code /breakers} until {@code condition} holds, for at most 10 s. */
  private static JsonObject breakersUntil(RunningDemo demo, Predicate<JsonObject> condition) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    JsonObject body;
    do {
      body = new JsonObject(demo.get("/breakers").body());
      if (condition.test(body)) {
        return body;
      }
      Thread.sleep(20);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no such /breakers within 10 s; last: " + body.encode());
  }

  @Test
  void aChangedFileReconfiguresTheGuardInPlaceAndAnInvalidOneIsRefused() throws Exception {
    // given the demo started from a file
    Path file = Path.of(TestFiles.json(config(20, "0.5")));
    try (RunningDemo demo = RunningDemo.start(Map.of("DEMO_CONFIG", file.toString()), List.of(),
        new ManualClock())) {
      CircuitBreaker breaker = demo.service().breakers().get(0);
      JsonObject first = new JsonObject(demo.get("/breakers").body());
      assertThat(first.getJsonArray("breakers").getJsonObject(0).getLong("generation")).isEqualTo(1);
      assertThat(first.getJsonObject("config").getBoolean("watching")).isTrue();

      // when the file changes the breaker's thresholds
      replace(file, config(5, "0.6"));

      // then /breakers shows generation 2 for the same breaker
      JsonObject second = breakersUntil(demo, b -> b.getJsonObject("config").getLong("generation") == 2);
      assertThat(second.getJsonArray("breakers").getJsonObject(0).getLong("generation")).isEqualTo(2);
      assertThat(demo.service().breakers()).containsExactly(breaker);

      // when the file gets a typo
      replace(file, config(5, "1.6"));

      // then it is refused with its JSON path, and the guard keeps generation 2
      JsonObject refused = breakersUntil(demo, b -> b.getJsonObject("config").containsKey("refused"));
      assertThat(refused.getJsonObject("config").getString("refused"))
          .isEqualTo("userApi.guard.circuitBreaker.failureRate must be in (0, 1], was 1.6");
      assertThat(refused.getJsonObject("config").getLong("generation")).isEqualTo(2);
      assertThat(demo.service().breakers()).containsExactly(breaker);

      // and a file that is not JSON at all is refused the same way, and a good one after it applied
      replace(file, "{\"userApi\": ");
      JsonObject broken = breakersUntil(demo, b -> b.getJsonObject("config").getString("refused", "")
          .contains("not one JSON object"));
      assertThat(broken.getJsonObject("config").getString("refused")).startsWith("userApi.guard must be an object");
      replace(file, config(5, "0.7"));
      breakersUntil(demo, b -> b.getJsonObject("config").getLong("generation") == 3);
      assertThat(demo.service().breakers()).containsExactly(breaker);

      // and a file missing for a while (a ConfigMap's symlink swap) changes nothing and is not refused
      Files.delete(file);
      Thread.sleep(300); // a few 50 ms scans of the real file store find no file
      JsonObject whileMissing = new JsonObject(demo.get("/breakers").body());
      assertThat(whileMissing.getJsonObject("config").getLong("generation")).isEqualTo(3);
      assertThat(whileMissing.getJsonObject("config").containsKey("refused")).isFalse();
      replace(file, config(5, "0.8"));
      breakersUntil(demo, b -> b.getJsonObject("config").getLong("generation") == 4);
    }
  }
}
