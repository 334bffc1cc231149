package dev.fusebox.benchmarks;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The Vert.x instance of a fork, with one event-loop context per benchmark thread (two event loops, so the
 * contended scenario runs on two loops sharing one breaker, as two verticle instances would).
 */
@State(Scope.Benchmark)
public class EventLoops {

  private static final int LOOPS = 2;

  private Vertx vertx;
  private ContextInternal[] contexts;

  @Setup(Level.Trial)
  public void start() {
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(LOOPS).setWorkerPoolSize(1)
        .setInternalBlockingPoolSize(1));
    contexts = new ContextInternal[LOOPS];
    for (int i = 0; i < LOOPS; i++) {
      contexts[i] = ((VertxInternal) vertx).createEventLoopContext();
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    vertx.close().await();
  }

  /** The fork's Vert.x instance. */
  public Vertx vertx() {
    return vertx;
  }

  /** The event-loop context benchmark thread {@code index} drives. */
  ContextInternal context(int index) {
    return contexts[index % LOOPS];
  }
}
