package dev.fusebox.vertx.config;

import static dev.fusebox.testing.Await.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.testing.Await;
import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Guards reconfigured through a real vertx-config {@link ConfigRetriever} watching a temporary file (scanned every
 * 50 ms; every wait bounded at 10 s): a valid change is applied with the breaker's state kept, an invalid one is
 * refused with its JSON path, logged once, and the old configuration stays enforced.
 */
@ExtendWith(VertxExtension.class)
class GuardReloaderTest {

  private static final String VALID = """
      {"other": 1, "userApi": {"guard": {"circuitBreaker": {"countWindow": 4, "minimumCalls": 4,
        "failureRate": 0.5, "openFor": "1m"}, "timeout": "5s"}}}""";

  @TempDir
  Path dir;

  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Logger log = Logger.getLogger("dev.fusebox.vertx");
  private final Handler capture = new Handler() {
    @Override
    public void publish(LogRecord record) {
      if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
        warnings.add(record);
      }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
  };

  @BeforeEach
  void captureLog() {
    log.addHandler(capture);
  }

  @AfterEach
  void releaseLog() {
    log.removeHandler(capture);
  }

  private static void write(Path file, String json) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, json);
    // Replaced in one step, as a Kubernetes ConfigMap update swaps its files.
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static GuardReload next(LinkedBlockingQueue<GuardReload> reloads) throws InterruptedException {
    GuardReload reload = reloads.poll(10, TimeUnit.SECONDS);
    assertThat(reload).as("a reload within 10 s").isNotNull();
    return reload;
  }

  private static void fail(Context context, Guard<String> guard, int times) {
    for (int i = 0; i < times; i++) {
      Await.outcome(call(context, () -> guard.execute(() -> Future.failedFuture(new IOException("down")))));
    }
  }

  @Test
  void aValidChangeIsAppliedWithStateKeptAndAnInvalidOneIsRefusedLoggedOnceAndTheOldStays(Vertx vertx)
      throws Exception {
    // given a guard built from the file, and a reloader on a retriever watching it
    Path file = dir.resolve("app.json");
    write(file, VALID);
    ConfigRetriever retriever = ConfigRetriever.create(vertx, new ConfigRetrieverOptions().setScanPeriod(50)
        .setIncludeDefaultStores(false)
        .addStore(new ConfigStoreOptions().setType("file").setConfig(new JsonObject().put("path", file.toString()))));
    JsonObject initial = Await.result(retriever.getConfig());
    Guard<String> guard = GuardConfig.fromJson(vertx, "users",
        initial.getJsonObject("userApi").getJsonObject("guard"), "userApi.guard");
    CircuitBreaker breaker = (CircuitBreaker) guard.policies().get(0);
    LinkedBlockingQueue<GuardReload> reloads = new LinkedBlockingQueue<>();
    GuardReloader reloader = GuardReloader.create(retriever, initial)
        .watch("userApi.guard", guard::reconfigure);
    reloader.onReload(reloads::add);
    Context context = vertx.getOrCreateContext();
    fail(context, guard, 1);

    // when the file changes the thresholds
    write(file, VALID.replace("\"minimumCalls\": 4", "\"minimumCalls\": 2"));

    // then the guard runs generation 2, on the same breaker, its failure still counted
    GuardReload applied = next(reloads);
    assertThat(applied.applied()).isTrue();
    assertThat(applied.path()).isEqualTo("userApi.guard");
    assertThat(applied.generation()).isEqualTo(2);
    assertThat(guard.generation()).isEqualTo(2);
    assertThat(guard.policies().get(0)).isSameAs(breaker);
    assertThat(breaker.metrics().calls()).isEqualTo(1);

    // when the file gets a typo
    write(file, VALID.replace("\"minimumCalls\": 4", "\"minimumCalls\": 2")
        .replace("\"failureRate\": 0.5", "\"failureRate\": 1.5"));

    // then it is refused, naming the JSON path, logged once
    GuardReload refused = next(reloads);
    assertThat(refused.applied()).isFalse();
    assertThat(refused.generation()).isEqualTo(-1);
    assertThat(refused.error().field()).isEqualTo("userApi.guard.circuitBreaker.failureRate");
    assertThat(refused.error().getMessage()).contains("must be in (0, 1], was 1.5");
    assertThat(guard.generation()).isEqualTo(2);
    assertThat(warnings).singleElement().satisfies(r ->
        assertThat(r.getMessage()).contains("userApi.guard.circuitBreaker.failureRate"));

    // and when another part of the file changes, the same typo is reported but not logged again
    write(file, VALID.replace("\"minimumCalls\": 4", "\"minimumCalls\": 2")
        .replace("\"failureRate\": 0.5", "\"failureRate\": 1.5").replace("\"other\": 1", "\"other\": 2"));
    assertThat(next(reloads).applied()).isFalse();
    assertThat(warnings).hasSize(1);

    // and the configuration in force is still generation 2's: a second failure of 2 calls opens the breaker
    fail(context, guard, 1);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(Await.failure(call(context, () -> guard.execute(() -> Future.succeededFuture("x")))))
        .isInstanceOf(CircuitOpenException.class);

    // and a change the guard cannot make in place (a retry added) is refused the same way
    write(file, VALID.replace("\"timeout\": \"5s\"", "\"timeout\": \"5s\", \"retry\": {\"maxAttempts\": 2}"));
    GuardReload reordered = next(reloads);
    assertThat(reordered.error().field()).isEqualTo("userApi.guard.order");
    assertThat(guard.generation()).isEqualTo(2);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    reloader.close();
    retriever.close();
  }

  @Test
  void sectionsThatDidNotChangeAreLeftAloneAndAMissingSectionIsRefused(Vertx vertx) {
    Guard<String> a = GuardConfig.fromJson(vertx, "a", new JsonObject().put("timeout", "1s"), "a");
    Guard<String> b = GuardConfig.fromJson(vertx, "b", new JsonObject().put("timeout", "1s"), "b");
    List<GuardReload> reloads = new CopyOnWriteArrayList<>();
    GuardReloader reloader = GuardReloader.create().watch("a", a::reconfigure).watch("b", b::reconfigure);
    reloader.onReload(reloads::add);
    JsonObject first = new JsonObject().put("a", new JsonObject().put("timeout", "1s"))
        .put("b", new JsonObject().put("timeout", "1s"));

    reloader.apply(first);
    reloader.apply(first.copy().put("a", new JsonObject().put("timeout", "2s")));
    reloader.apply(new JsonObject().put("a", new JsonObject().put("timeout", "2s")));

    assertThat(a.generation()).isEqualTo(2);
    assertThat(b.generation()).isEqualTo(1);
    assertThat(reloads).hasSize(2);
    assertThat(reloads.get(1).error().getMessage()).isEqualTo("b is missing from the new configuration");
  }
}
