package dev.fusebox.testing;

import dev.fusebox.Outcome;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.spi.PolicyEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Records what a guard's policies reported, for assertions in tests: add it as an observer
 * ({@code g.observer(recorder)}) to see every call's events and outcome, or as a listener
 * ({@code g.onEvent(recorder)}, {@code breaker.onEvent(recorder)}) to see events only.
 *
 * <pre>{@code
 * EventRecorder events = new EventRecorder();
 * Guard<String> guard = Guard.of(vertx, "api", g -> g.observer(events).retry(r -> r.maxAttempts(3)));
 * ...
 * assertThat(events.ofType(RetryEvent.RetryScheduled.class)).hasSize(2);
 * assertThat(events.outcomes()).containsExactly(Outcome.SUCCESS);
 * }</pre>
 *
 * <p>Thread-safe: events and outcomes are kept in copy-on-write lists, in the order they arrived.
 */
public final class EventRecorder implements GuardObserver, Consumer<PolicyEvent> {

  private final List<PolicyEvent> events = new CopyOnWriteArrayList<>();
  private final List<Outcome> outcomes = new CopyOnWriteArrayList<>();

  @Override
  public ExecutionObserver onStart(String guardName) {
    return new ExecutionObserver() {
      @Override
      public void onEvent(PolicyEvent event) {
        events.add(event);
      }

      @Override
      public void onEnd(Outcome outcome, Throwable failure, Duration elapsed) {
        outcomes.add(outcome);
      }
    };
  }

  @Override
  public void accept(PolicyEvent event) {
    events.add(event);
  }

  /** Every event recorded, oldest first. */
  public List<PolicyEvent> events() {
    return List.copyOf(events);
  }

  /** The events of type {@code type}, oldest first. */
  public <E extends PolicyEvent> List<E> ofType(Class<E> type) {
    List<E> matching = new ArrayList<>();
    for (PolicyEvent e : events) {
      if (type.isInstance(e)) {
        matching.add(type.cast(e));
      }
    }
    return matching;
  }

  /** The names of the events recorded ({@code fusebox.retry}, ...), oldest first. */
  public List<String> names() {
    return events.stream().map(PolicyEvent::name).toList();
  }

  /** The outcomes of the calls observed, in the order they ended. */
  public List<Outcome> outcomes() {
    return List.copyOf(outcomes);
  }

  /** Forgets everything recorded so far. */
  public void clear() {
    events.clear();
    outcomes.clear();
  }
}
