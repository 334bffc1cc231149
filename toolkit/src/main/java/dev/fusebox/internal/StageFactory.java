package dev.fusebox.internal;

/**
 * Builds the stage of one policy when a guard is built, once the guard's name and clock are known.
 *
 * <p>Implementations hold an immutable configuration; {@link #create} may be called once per guard built.
 */
@FunctionalInterface
public interface StageFactory {

  /** Creates the stage wrapping {@code next} for the guard described by {@code guard}. */
  Stage create(GuardContext guard, Stage next);
}
