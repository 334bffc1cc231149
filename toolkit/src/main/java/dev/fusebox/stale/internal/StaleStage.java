package dev.fusebox.stale.internal;

import dev.fusebox.GuardTimeoutException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import dev.fusebox.stale.StaleCache;
import dev.fusebox.stale.StaleEvent;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stage of a {@link StaleValueImpl}: single flight per key, remembering good results, serving the remembered
 * value for selected failures. A call without a key runs the next stage directly.
 *
 * <p>The leader of a key — the call that found no flight — runs the inner stages; it removes its flight before
 * completing it, so a call arriving after that starts afresh rather than joining a finished flight, and joiners
 * registered before see the same outcome. Joiners complete on their own contexts (their own promises).
 *
 * <p>Thread-safe: the flights are a concurrent map, everything else is per call.
 *
 * @param <V> the policy's result type
 */
final class StaleStage<V> implements Stage, Reconfigurable {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final StaleValueImpl<V> policy;
  private final StaleValueImpl.State state;
  private final StaleCache<V> cache;
  private final Clock clock;
  private final Telemetry telemetry;
  private final Stage next;

  StaleStage(StaleValueImpl<V> policy, PolicyContext context, Stage next) {
    this.policy = policy;
    this.state = policy.state;
    this.cache = policy.cache;
    this.clock = state.clock;
    this.telemetry = context.telemetry();
    this.next = next;
  }

  @Override
  public Object policy() {
    return policy;
  }

  @Override
  public Policy reconfigure(Policy replacement) {
    return policy.carry(replacement);
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    Object key = execution.key();
    if (key == null) {
      return next.run(execution, scope);
    }
    if (policy.serveStaleAfter == null) {
      return admit(execution, scope, key, null);
    }
    Answer answer = new Answer();
    Future<T> result = admit(execution, scope, key, answer);
    return result.isComplete() ? result : answer.race(execution, key, result);
  }

  /** Leads, joins or (not coalescing) runs the call for {@code key}. */
  private <T> Future<T> admit(Execution<T> execution, AttemptScope scope, Object key, Answer answer) {
    if (!policy.coalesce) {
      return lead(execution, scope, key, null, answer);
    }
    for (;;) {
      Flight flight = state.flights.get(key);
      if (flight == null) {
        Flight mine = new Flight(execution, scope.number());
        flight = state.flights.putIfAbsent(key, mine);
        if (flight == null) {
          return lead(execution, scope, key, mine, answer);
        }
      }
      if (flight.leader == execution) {
        // Another attempt of the same call (a hedge listed outside): it must not wait for itself.
        return lead(execution, scope, key, null, answer);
      }
      if (flight.enter()) {
        return join(execution, scope, flight, answer);
      }
      // Every caller of that flight gave up and it is being called off: start afresh once it is gone.
      state.flights.remove(key, flight);
    }
  }

  /**
   * Who answers one call when its remembered value may be served before the call ends ({@code serveStaleAfter}):
   * the call's own outcome or the timer, whichever claims it first. A call answered by the timer is counted as
   * served once, when the timer serves it; its later outcome goes to the flight and the cache only.
   */
  private final class Answer extends AtomicInteger {

    private static final int OPEN = 0;
    private static final int BY_CALL = 1;
    private static final int BY_TIMER = 2;

    /** Claims the answer for the call's own outcome; false when the timer has answered already. */
    boolean byCall() {
      return compareAndSet(OPEN, BY_CALL) || get() == BY_CALL;
    }

    @SuppressWarnings("unchecked")
    <T> Future<T> race(Execution<T> execution, Object key, Future<T> result) {
      if (remembered(key, clock.nanoTime(), false) == null) {
        return result;
      }
      Promise<T> mine = execution.promise();
      Duration after = policy.serveStaleAfter;
      Clock.Cancellable timer = clock.schedule(execution.context(), after, () -> {
        if (get() != OPEN) {
          return;
        }
        long now = clock.nanoTime();
        StaleCache.Entry<V> entry = remembered(key, now, false);
        if (entry == null) {
          return;
        }
        Duration age = Duration.ofNanos(Math.max(0, now - entry.storedAtNanos()));
        Object served;
        try {
          served = marked(entry.value(), age);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "asStale of stale value '" + policy.name + "' failed a value served early; the"
              + " call goes on", e);
          return;
        }
        if (compareAndSet(OPEN, BY_TIMER)) {
          served(execution, age, new GuardTimeoutException(policy.name, after));
          mine.complete((T) served);
        }
      });
      result.onComplete(ar -> {
        timer.cancel();
        if (byCall()) {
          if (ar.succeeded()) {
            mine.complete(ar.result());
          } else {
            mine.fail(ar.cause());
          }
        }
      });
      return mine.future();
    }
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> join(Execution<T> execution, AttemptScope scope, Flight flight, Answer answer) {
    scope.onCancel(flight::leave);
    state.coalesced.increment();
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, new StaleEvent.Coalesced(policy.name));
    }
    Promise<T> mine = execution.promise();
    flight.future().onComplete(ar -> {
      if (ar.succeeded()) {
        Duration age = flight.servedAge;
        if (age != null && (answer == null || answer.byCall())) {
          served(execution, age, flight.cause);
        }
        mine.complete((T) ar.result());
      } else {
        mine.fail(ar.cause());
      }
    });
    return mine.future();
  }

  private <T> Future<T> lead(Execution<T> execution, AttemptScope scope, Object key, Flight flight,
      Answer answer) {
    AttemptScope inner = scope;
    if (flight != null) {
      inner = flight.scope;
      scope.onCancel(flight::leave);
    }
    Future<T> result;
    try {
      result = next.run(execution, inner);
    } catch (Throwable bug) {
      result = execution.failed(bug);
    }
    if (result.isComplete()) {
      return settle(execution, key, flight, result, answer);
    }
    Future<T> pending = result;
    return result.transform(ar -> settle(execution, key, flight, pending, answer));
  }

  private <T> Future<T> settle(Execution<T> execution, Object key, Flight flight, Future<T> result,
      Answer answer) {
    Future<T> outcome = result;
    try {
      outcome = result.succeeded() ? remember(key, result)
          : recover(execution, key, result.cause(), result, flight, answer);
    } catch (Throwable bug) {
      LOG.log(Level.WARNING, "stale value '" + policy.name + "' failed settling a call; its outcome goes on", bug);
    } finally {
      if (flight != null) {
        // Removed before completed: a call arriving from now on starts afresh instead of joining a finished flight.
        state.flights.remove(key, flight);
        flight.scope.finish();
        if (outcome.succeeded()) {
          flight.outcome.complete(outcome.result());
        } else {
          flight.outcome.fail(outcome.cause());
        }
      }
    }
    return outcome;
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> remember(Object key, Future<T> result) {
    T value = result.result();
    if (value != null && stores((V) value)) {
      try {
        cache.put(key, new StaleCache.Entry<>((V) value, clock.nanoTime()));
        state.stored.increment();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stale value '" + policy.name + "': the cache refused a value; the call goes on", e);
      }
    }
    return result;
  }

  private boolean stores(V value) {
    try {
      return policy.storeWhen.test(value);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "storeWhen of stale value '" + policy.name + "' threw; the result is not stored", e);
      return false;
    }
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> recover(Execution<T> execution, Object key, Throwable cause, Future<T> original,
      Flight flight, Answer answer) {
    if (!selects(cause)) {
      return original;
    }
    long now = clock.nanoTime();
    StaleCache.Entry<V> entry = remembered(key, now, true);
    if (entry == null) {
      state.missed.increment();
      if (telemetry.isEnabled(execution)) {
        telemetry.report(execution, new StaleEvent.Missed(policy.name, cause));
      }
      return original;
    }
    Duration ageDuration = Duration.ofNanos(Math.max(0, now - entry.storedAtNanos()));
    Object served;
    try {
      served = marked(entry.value(), ageDuration);
    } catch (RuntimeException e) {
      e.addSuppressed(cause);
      return execution.failed(e);
    }
    if (flight != null) {
      flight.cause = cause;
      flight.servedAge = ageDuration;
    }
    if (answer == null || answer.byCall()) {
      served(execution, ageDuration, cause);
    }
    return Future.succeededFuture((T) served);
  }

  /**
   * The value remembered for {@code key} if it is at most {@code maxStaleness} old at {@code now}, else null; with
   * {@code forget}, one too old is removed from the cache. A cache that fails is logged and read as empty.
   */
  private StaleCache.Entry<V> remembered(Object key, long now, boolean forget) {
    StaleCache.Entry<V> entry;
    try {
      entry = cache.get(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stale value '" + policy.name + "': the cache failed a read; the failure goes on", e);
      return null;
    }
    if (entry == null || now - entry.storedAtNanos() <= policy.maxStalenessNanos) {
      return entry;
    }
    if (forget) {
      try {
        cache.remove(key);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stale value '" + policy.name + "': the cache failed a removal", e);
      }
    }
    return null;
  }

  /**
   * What a call served {@code value}, {@code age} old, yields: the value itself or {@code asStale}'s mark of it.
   *
   * @throws RuntimeException what {@code asStale} threw, or a {@link NullPointerException} when it returned null
   */
  private Object marked(V value, Duration age) {
    if (policy.asStale == null) {
      return value;
    }
    Object served = policy.asStale.apply(value, age);
    if (served == null) {
      throw new NullPointerException("asStale of stale value '" + policy.name + "' returned null");
    }
    return served;
  }

  /** Counts and reports one call answered with a remembered value, {@code age} old, for {@code cause}. */
  private void served(Execution<?> execution, Duration age, Throwable cause) {
    execution.markFellBack();
    state.served.increment();
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, new StaleEvent.Served(policy.name, age, cause));
    }
  }

  private boolean selects(Throwable cause) {
    try {
      return policy.selector.test(cause);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "selector of stale value '" + policy.name + "' threw; the failure goes on", e);
      return false;
    }
  }
}
