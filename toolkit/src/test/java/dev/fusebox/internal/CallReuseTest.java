package dev.fusebox.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.testing.StrictVertx;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A guard whose stages all leave the execution reuses a plain call's execution once it completed at once, and never
 * one that something may still hold: an operation still running, a nested call, another guard's call.
 */
@ExtendWith(StrictVertx.class)
class CallReuseTest {

  /** Records the execution each call runs with (and its context and guard name), leaving it afterwards. */
  static final class Recording implements Policy {
    final List<Execution<?>> executions = new ArrayList<>();
    final List<String> guards = new ArrayList<>();
    final List<Context> contexts = new ArrayList<>();

    @Override
    public String kind() {
      return "recording";
    }

    @Override
    public Stage createStage(PolicyContext context, Stage next) {
      return new RecordingStage(this, next);
    }
  }

  static final class RecordingStage implements Stage, LeavesExecution {
    private final Recording recording;
    private final Stage next;

    RecordingStage(Recording recording, Stage next) {
      this.recording = recording;
      this.next = next;
    }

    @Override
    public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
      recording.executions.add(execution);
      recording.guards.add(execution.guardName());
      recording.contexts.add(execution.context());
      return next.run(execution, scope);
    }
  }

  private static <R> R onContext(Context context, Supplier<R> task) throws Exception {
    CompletableFuture<R> done = new CompletableFuture<>();
    context.runOnContext(v -> {
      try {
        done.complete(task.get());
      } catch (Throwable t) {
        done.completeExceptionally(t);
      }
    });
    return done.get(5, TimeUnit.SECONDS);
  }

  @Test
  void callsAnsweredAtOnceShareOneExecutionOnAThread(Vertx vertx) throws Exception {
    Recording recording = new Recording();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.with(recording));
    Context context = vertx.getOrCreateContext();
    List<String> values = onContext(context, () -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String value = "v" + i;
        out.add(guard.execute(() -> Future.succeededFuture(value)).result());
      }
      return out;
    });
    assertThat(values).containsExactly("v0", "v1", "v2");
    assertThat(recording.executions).hasSize(3);
    assertThat(recording.executions.get(1)).isSameAs(recording.executions.get(0));
    assertThat(recording.executions.get(2)).isSameAs(recording.executions.get(0));
  }

  @Test
  void anExecutionWhoseOperationStillRunsIsNeverReused(Vertx vertx) throws Exception {
    Recording recording = new Recording();
    CircuitBreaker breaker = CircuitBreaker.of("users", cb -> cb.countWindow(10).minimumCalls(2).failureRate(0.5));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.with(recording).circuitBreaker(breaker));
    Context context = vertx.getOrCreateContext();
    Promise<String> pending = Promise.promise();
    Future<String> slow = onContext(context, () -> {
      Future<String> running = guard.execute(pending::future);
      guard.execute(() -> Future.succeededFuture("quick"));
      guard.execute(() -> Future.succeededFuture("quick"));
      return running;
    });
    assertThat(recording.executions.get(1)).isNotSameAs(recording.executions.get(0));
    assertThat(recording.executions.get(2)).isSameAs(recording.executions.get(1));

    // The running call still completes on its own context, and its outcome reaches the breaker.
    CompletableFuture<Context> completedOn = new CompletableFuture<>();
    slow.onComplete(r -> completedOn.complete(Vertx.currentContext()));
    pending.fail(new IOException("boom"));
    assertThat(completedOn.get(5, TimeUnit.SECONDS)).isSameAs(context);
    assertThat(breaker.metrics().failedCalls()).isEqualTo(1);
    assertThat(breaker.metrics().calls()).isEqualTo(3);
  }

  @Test
  void aCallMadeInsideAnotherGetsAnExecutionOfItsOwn(Vertx vertx) throws Exception {
    Recording recording = new Recording();
    Guard<String> outer = Guard.of(vertx, "outer", g -> g.with(recording));
    Guard<String> inner = Guard.of(vertx, "inner", g -> g.with(recording));
    String value = onContext(vertx.getOrCreateContext(), () -> outer.execute(
        () -> inner.execute(() -> Future.succeededFuture("in")).map(v -> v + "+out")).result());
    assertThat(value).isEqualTo("in+out");
    assertThat(recording.guards).containsExactly("outer", "inner");
    assertThat(recording.executions.get(1)).isNotSameAs(recording.executions.get(0));
  }

  @Test
  void aReusedExecutionCarriesTheGuardAndContextOfItsNewCall(Vertx vertx) throws Exception {
    Recording recording = new Recording();
    Guard<String> users = Guard.of(vertx, "users", g -> g.with(recording));
    Guard<String> orders = Guard.of(vertx, "orders", g -> g.with(recording));
    Context first = vertx.getOrCreateContext();
    onContext(first, () -> users.execute(() -> Future.succeededFuture("u")));
    Throwable failure = onContext(first, () -> orders.execute(() -> null).cause());
    assertThat(failure).hasMessageContaining("guard 'orders'");
    assertThat(recording.guards).containsExactly("users", "orders");
    assertThat(recording.contexts).containsOnly(first);
  }

  @Test
  void aGuardWithAStageThatMayKeepTheExecutionGivesEveryCallItsOwn(Vertx vertx) throws Exception {
    Recording recording = new Recording();
    Guard<String> guard = Guard.of(vertx, "users", g -> g.with(recording).retry(r -> r.maxAttempts(2)));
    onContext(vertx.getOrCreateContext(), () -> {
      guard.execute(() -> Future.succeededFuture("a"));
      return guard.execute(() -> Future.succeededFuture("b"));
    });
    assertThat(recording.executions.get(1)).isNotSameAs(recording.executions.get(0));
  }
}
