package dev.fusebox.fallback.internal;

import dev.fusebox.internal.AttemptScope;
import dev.fusebox.internal.Execution;
import dev.fusebox.internal.Stage;
import io.vertx.core.Future;
import java.lang.System.Logger.Level;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Replaces selected failures of the inner stages by the result of a fallback handler: the one given with the call,
 * else the spec's. When the fallback fails too, the caller gets the fallback's failure with the original one added
 * as suppressed, so nothing is lost.
 *
 * <p>Thread-safe: immutable.
 */
public final class FallbackStage extends Stage {

  private static final System.Logger LOG = System.getLogger("dev.fusebox");

  private final Predicate<Throwable> selector;
  private final Function<Throwable, ?> handler;

  public FallbackStage(Predicate<Throwable> selector, Function<Throwable, ?> handler, Stage next) {
    super(next);
    this.selector = selector;
    this.handler = handler;
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
        execution.fallback != null ? execution.fallback : (Function<Throwable, Future<T>>) handler;
    if (fallback == null || !selects(cause)) {
      return original;
    }
    execution.markFellBack();
    execution.observer.onFallback(cause);
    Future<T> produced;
    try {
      produced = fallback.apply(cause);
    } catch (Throwable t) {
      return execution.failed(keepOriginal(t, cause));
    }
    if (produced == null) {
      return execution.failed(keepOriginal(
          new NullPointerException("fallback of guard '" + execution.guardName + "' returned null"), cause));
    }
    if (produced.isComplete()) {
      if (produced.failed()) {
        keepOriginal(produced.cause(), cause);
      }
      return produced;
    }
    return produced.transform(ar -> {
      if (ar.failed()) {
        keepOriginal(ar.cause(), cause);
      }
      return produced;
    });
  }

  private boolean selects(Throwable cause) {
    try {
      return selector.test(cause);
    } catch (Throwable t) {
      LOG.log(Level.WARNING, "fallback selector threw; the failure does not fall back", t);
      return false;
    }
  }

  private static Throwable keepOriginal(Throwable fallbackFailure, Throwable original) {
    if (fallbackFailure != original) {
      fallbackFailure.addSuppressed(original);
    }
    return fallbackFailure;
  }
}
