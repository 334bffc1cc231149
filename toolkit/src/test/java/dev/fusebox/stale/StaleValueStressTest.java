package dev.fusebox.stale;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Four event loops calling for 16 keys at once, the dependency answering on another loop: every call completes,
 * each on its caller's context; every call either ran or joined a flight; no flight is left behind.
 */
@ExtendWith(VertxExtension.class)
class StaleValueStressTest {

  @Test
  void calls_from_four_event_loops_complete_once_each_and_leave_no_flight(Vertx vertx) throws Exception {
    StaleValue<String> stale = StaleValue.of("stress", s -> { });
    Guard<String> guard = Guard.of(vertx, "stress", g -> g.stale(stale));
    Context dependency = vertx.getOrCreateContext();
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger wrongContext = new AtomicInteger();
    int loops = 4;
    int perLoop = 5_000;
    CountDownLatch done = new CountDownLatch(loops * perLoop);
    List<CompletableFuture<Void>> started = new ArrayList<>();
    for (int l = 0; l < loops; l++) {
      Context loop = vertx.getOrCreateContext();
      CompletableFuture<Void> s = new CompletableFuture<>();
      started.add(s);
      loop.runOnContext(v -> {
        for (int i = 0; i < perLoop; i++) {
          int key = i % 16;
          boolean fail = i % 7 == 0;
          guard.execute(key, () -> {
            ran.incrementAndGet();
            Promise<String> p = Promise.promise();
            dependency.runOnContext(x -> {
              if (fail) {
                p.fail(new IOException("x"));
              } else {
                p.complete("v" + key);
              }
            });
            return p.future();
          }).onComplete(ar -> {
            if (Vertx.currentContext() != loop) {
              wrongContext.incrementAndGet();
            }
            done.countDown();
          });
        }
        s.complete(null);
      });
    }
    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
    assertThat(done.await(30, TimeUnit.SECONDS)).as("every call completed").isTrue();

    StaleMetrics m = stale.metrics();
    assertThat(wrongContext).hasValue(0);
    assertThat(ran.get() + m.coalesced()).as("each call either ran or joined").isEqualTo(loops * perLoop);
    assertThat(m.coalesced()).as("concurrent calls were coalesced").isPositive();
    assertThat(m.entries()).isLessThanOrEqualTo(16);
    // a fresh call for every key runs: no flight was left behind
    AtomicInteger fresh = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      List<Future<String>> calls = new ArrayList<>();
      for (int key = 0; key < 16; key++) {
        calls.add(guard.execute(key, () -> {
          fresh.incrementAndGet();
          return Future.succeededFuture("x");
        }));
      }
      Future.all(calls).onComplete(ar -> all.complete(null));
    });
    all.get(10, TimeUnit.SECONDS);
    assertThat(fresh).hasValue(16);
  }
}
