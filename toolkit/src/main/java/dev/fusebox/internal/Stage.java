package dev.fusebox.internal;

import io.vertx.core.Future;

/**
 * One policy in a guard's pipeline. Stages form a chain, outermost first; each one decides whether and how to run
 * {@link #next}, and the last one runs the operation.
 *
 * <p>Contract: {@link #run} never throws and never returns null; every failure is a failed future. A stage keeps
 * per-call state only in locals, the {@link Execution} or the {@link AttemptScope}, so one stage serves all
 * concurrent calls.
 */
public abstract class Stage {

  /** The stage this one wraps; the terminal stage has none. */
  protected final Stage next;

  protected Stage(Stage next) {
    this.next = next;
  }

  /** Runs this stage for one call (or one attempt of it, below a retry). */
  public abstract <T> Future<T> run(Execution<T> execution, AttemptScope scope);

  /** The stage this one wraps, or null for the terminal stage. */
  public final Stage next() {
    return next;
  }

  /** The user-visible policy behind this stage (a breaker, a bulkhead...), or null. */
  public Object policy() {
    return null;
  }

  /** The stage that runs the operation itself. */
  public static Stage terminal() {
    return Terminal.INSTANCE;
  }

  private static final class Terminal extends Stage {
    static final Terminal INSTANCE = new Terminal();

    private Terminal() {
      super(null);
    }

    @Override
    public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
      return execution.invoke(scope);
    }
  }
}
