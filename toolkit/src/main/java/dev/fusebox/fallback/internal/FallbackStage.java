package dev.fusebox.fallback.internal;

import dev.fusebox.fallback.FallbackEvent;
import dev.fusebox.fallback.FallbackFailedException;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Telemetry;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Replaces selected failures of the inner stages by the result of a fallback handler: the one given with the call,
 * else the spec's. When the fallback fails too, nothing is lost: the caller gets the fallback's failure with the
 * original one suppressed in it or, when that failure cannot carry it (a shared rejection, any exception with
 * suppression disabled), a {@link FallbackFailedException} that holds both.
 *
 * <p>Thread-safe: immutable.
 */
public final class FallbackStage implements Stage {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final String guardName;
  private final Telemetry telemetry;
  private final Predicate<Throwable> selector;
  private final Function<Throwable, ?> handler;
  private final Stage next;

  public FallbackStage(PolicyContext context, Predicate<Throwable> selector, Function<Throwable, ?> handler,
      Stage next) {
    this.guardName = context.guardName();
    this.telemetry = context.telemetry();
    this.selector = selector;
    this.handler = handler;
    this.next = next;
  }

  @Override
  public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
    Future<T> result = next.run(execution, scope);
    if (result.isComplete()) {
      return result.succeeded() ? result : recover(execution, result.cause(), result);
    }
    return result.transform(ar -> ar.succeeded() ? result : recover(execution, ar.cause(), result));
  }

  @SuppressWarnings("unchecked")
  private <T> Future<T> recover(Execution<T> execution, Throwable cause, Future<T> original) {
    Function<Throwable, Future<T>> fallback =
        execution.fallback() != null ? execution.fallback() : (Function<Throwable, Future<T>>) handler;
    if (fallback == null || !selects(cause)) {
      return original;
    }
    execution.markFellBack();
    if (telemetry.isEnabled(execution)) {
      telemetry.report(execution, new FallbackEvent.Invoked(guardName, cause));
    }
    Future<T> produced;
    try {
      produced = fallback.apply(cause);
    } catch (Throwable t) {
      return execution.failed(keepOriginal(t, cause));
    }
    if (produced == null) {
      return execution.failed(keepOriginal(
          new NullPointerException("fallback of guard '" + guardName + "' returned null"), cause));
    }
    if (produced.isComplete()) {
      return produced.succeeded() ? produced : execution.failed(keepOriginal(produced.cause(), cause));
    }
    return produced.transform(ar -> ar.succeeded() ? produced : execution.failed(keepOriginal(ar.cause(), cause)));
  }

  private boolean selects(Throwable cause) {
    try {
      return selector.test(cause);
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "fallback selector threw; the failure does not fall back", t);
      return false;
    }
  }

  private Throwable keepOriginal(Throwable fallbackFailure, Throwable original) {
    if (fallbackFailure == original) {
      return fallbackFailure;
    }
    fallbackFailure.addSuppressed(original);
    for (Throwable kept : fallbackFailure.getSuppressed()) {
      if (kept == original) {
        return fallbackFailure;
      }
    }
    // Suppression is disabled (a shared rejection, a stackless exception): wrap instead of losing the original.
    return new FallbackFailedException(guardName, fallbackFailure, original);
  }
}
