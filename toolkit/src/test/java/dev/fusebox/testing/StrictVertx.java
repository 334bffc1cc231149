package dev.fusebox.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.internal.threadchecker.BlockedThreadEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving each test a Vert.x instance whose blocked-thread checker runs with a tight threshold
 * (an event-loop task may take at most {@value #MAX_EVENT_LOOP_MILLIS} ms) and fails the test on any warning, so
 * a functional suite doubles as an event-loop-safety check.
 *
 * <p>Register with {@code @RegisterExtension static StrictVertx strict = new StrictVertx();} or
 * {@code @ExtendWith(StrictVertx.class)}, then take a {@link Vertx} parameter.
 */
public final class StrictVertx implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

  /** The longest an event-loop task may run before the test fails. */
  public static final long MAX_EVENT_LOOP_MILLIS = 20;

  private Vertx vertx;
  private final List<BlockedThreadEvent> blocked = new CopyOnWriteArrayList<>();

  /** Creates a Vert.x instance with the tight blocked-thread checker, recording warnings into {@code sink}. */
  public static Vertx create(List<BlockedThreadEvent> sink) {
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(2)
        .setMaxEventLoopExecuteTime(MAX_EVENT_LOOP_MILLIS)
        .setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS)
        .setBlockedThreadCheckInterval(5)
        .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
        .setWarningExceptionTime(1)
        .setWarningExceptionTimeUnit(TimeUnit.SECONDS));
    ((VertxInternal) vertx).blockedThreadChecker().setThreadBlockedHandler(event -> {
      if (event.thread().getName().contains("eventloop")) {
        sink.add(event);
      }
    });
    return vertx;
  }

  /** The blocked-thread warnings seen so far in this test. */
  public List<BlockedThreadEvent> blockedEvents() {
    return blocked;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    blocked.clear();
    vertx = create(blocked);
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      vertx.close().await(10, TimeUnit.SECONDS);
    } finally {
      assertThat(blocked).as("event loop blocked longer than %d ms", MAX_EVENT_LOOP_MILLIS).isEmpty();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == Vertx.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return vertx;
  }

  /** An event-loop context of {@code vertx}. */
  public static Context eventLoop(Vertx vertx) {
    return vertx.getOrCreateContext();
  }

  /** A worker context of {@code vertx}, taken from a deployed worker verticle. */
  public static Context worker(Vertx vertx) throws Exception {
    CompletableFuture<Context> workerContext = new CompletableFuture<>();
    vertx.deployVerticle(new io.vertx.core.AbstractVerticle() {
      @Override
      public void start() {
        workerContext.complete(this.context);
      }
    }, new DeploymentOptions().setThreadingModel(ThreadingModel.WORKER)).await(5, TimeUnit.SECONDS);
    return workerContext.get(5, TimeUnit.SECONDS);
  }
}
