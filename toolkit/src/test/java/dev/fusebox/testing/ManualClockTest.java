package dev.fusebox.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The test clock's own contract: timers fire in deadline order on their context, and a test can wait for one. */
class ManualClockTest {

  private final Vertx vertx = Vertx.vertx();
  private final ManualClock clock = new ManualClock();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void awaitTimerReturnsOnceAnotherThreadArmsTheTimer() throws Exception {
    Context context = vertx.getOrCreateContext();
    CountDownLatch fired = new CountDownLatch(1);
    // armed on the event loop, as a guard's timeout is, while the test thread waits for it
    context.runOnContext(v -> clock.schedule(context, Duration.ofMillis(800), fired::countDown));

    clock.awaitTimer(Duration.ofMillis(800), Duration.ofSeconds(10));
    clock.advance(Duration.ofMillis(800));

    assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.pendingTimers()).isZero();
  }

  @Test
  void awaitTimerMatchesTheDelayLeftFromNow() throws Exception {
    Context context = vertx.getOrCreateContext();
    clock.schedule(context, Duration.ofSeconds(1), () -> { });
    clock.advance(Duration.ofMillis(200));

    clock.awaitTimer(Duration.ofMillis(800), Duration.ofSeconds(10));
    assertThatThrownBy(() -> clock.awaitTimer(Duration.ofSeconds(1), Duration.ofMillis(20)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("no timer due in PT1S")
        .hasMessageContaining("pending: [PT0.8S]");
  }

  @Test
  void timersFireInDeadlineOrderThenSchedulingOrder() throws Exception {
    Context context = vertx.getOrCreateContext();
    StringBuffer order = new StringBuffer();
    CountDownLatch done = new CountDownLatch(3);
    clock.schedule(context, Duration.ofMillis(30), () -> fire(order, 'c', done));
    clock.schedule(context, Duration.ofMillis(10), () -> fire(order, 'a', done));
    clock.schedule(context, Duration.ofMillis(10), () -> fire(order, 'b', done));

    clock.advance(Duration.ofMillis(30));

    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(order).hasToString("abc");
  }

  private static void fire(StringBuffer order, char name, CountDownLatch done) {
    order.append(name);
    done.countDown();
  }

  @Test
  void awaitTimerRejectsBadArguments() {
    assertThatThrownBy(() -> clock.awaitTimer(Duration.ofMillis(-1), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("delay");
    assertThatThrownBy(() -> clock.awaitTimer(Duration.ZERO, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("within");
  }
}
