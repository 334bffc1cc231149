package dev.fusebox.stale.internal;

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
    if (!policy.coalesce) {
      return lead(execution, scope, key, null);
    }
    for (;;) {
      Flight flight = state.flights.get(key);
      if (flight == null) {
        Flight mine = new Flight(execution, scope.number());
        flight = state.flights.putIfAbsent(key, mine);
        if (flight == null) {
          return lead(execution, scope, key, mine);
        }
      }
      if (flight.leader == execution) {
        // Another attempt of the same call (a hedge listed outside): it must not wait for itself.
        return lead(execution, scope, key, null);
      }
      if (flight.enter()) {
        return join(execution, scope, flight);
      }
      // Every caller of that flight gave up and it is being called off: start afresh once it is gone.
      state.flights.remove(key, flight);
    }
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> join(Execution<T> execution, AttemptScope scope, Flight flight) {
    scope.onCancel(flight::leave);
    state.coalesced.increment();
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, new StaleEvent.Coalesced(policy.name));
    }
    Promise<T> mine = execution.promise();
    flight.future().onComplete(ar -> {
      if (ar.succeeded()) {
        Duration age = flight.servedAge;
        if (age != null) {
          served(execution, age, flight.cause);
        }
        mine.complete((T) ar.result());
      } else {
        mine.fail(ar.cause());
      }
    });
    return mine.future();
  }

  private <T> Future<T> lead(Execution<T> execution, AttemptScope scope, Object key, Flight flight) {
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
      return settle(execution, key, flight, result);
    }
    Future<T> pending = result;
    return result.transform(ar -> settle(execution, key, flight, pending));
  }

  private <T> Future<T> settle(Execution<T> execution, Object key, Flight flight, Future<T> result) {
    Future<T> outcome = result;
    try {
      outcome = result.succeeded() ? remember(key, result) : recover(execution, key, result.cause(), result, flight);
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
      Flight flight) {
    if (!selects(cause)) {
      return original;
    }
    StaleCache.Entry<V> entry;
    try {
      entry = cache.get(key);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "stale value '" + policy.name + "': the cache failed a read; the failure goes on", e);
      entry = null;
    }
    long age = entry == null ? 0 : clock.nanoTime() - entry.storedAtNanos();
    if (entry == null || age > policy.maxStalenessNanos) {
      if (entry != null) {
        try {
          cache.remove(key);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "stale value '" + policy.name + "': the cache failed a removal", e);
        }
      }
      state.missed.increment();
      if (telemetry.isEnabled(execution)) {
        telemetry.report(execution, new StaleEvent.Missed(policy.name, cause));
      }
      return original;
    }
    Duration ageDuration = Duration.ofNanos(Math.max(0, age));
    Object served = entry.value();
    if (policy.asStale != null) {
      try {
        served = policy.asStale.apply(entry.value(), ageDuration);
      } catch (RuntimeException e) {
        e.addSuppressed(cause);
        return execution.failed(e);
      }
      if (served == null) {
        NullPointerException npe = new NullPointerException("asStale of stale value '" + policy.name
            + "' returned null");
        npe.addSuppressed(cause);
        return execution.failed(npe);
      }
    }
    if (flight != null) {
      flight.cause = cause;
      flight.servedAge = ageDuration;
    }
    served(execution, ageDuration, cause);
    return Future.succeededFuture((T) served);
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
