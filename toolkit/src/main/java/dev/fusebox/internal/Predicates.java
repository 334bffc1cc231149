package dev.fusebox.internal;

import dev.fusebox.spi.Require;
import dev.fusebox.ValidationException;
import java.util.List;
import java.util.function.Predicate;

/**
 * The failure and result selectors the specs build: "any of these exception types" and "any of these predicates".
 *
 * <p>Thread-safe: stateless; the predicates returned hold immutable copies.
 */
public final class Predicates {

  private Predicates() {
  }

  /**
   * Matches a throwable that is an instance of any of {@code types}.
   *
   * @throws IllegalArgumentException naming {@code field} when no type, or a null type, is given
   */
  public static Predicate<Throwable> anyType(Class<? extends Throwable>[] types, String field) {
    if (types == null || types.length == 0) {
      throw new ValidationException(field, "needs at least one exception type", null);
    }
    for (Class<? extends Throwable> type : types) {
      Require.nonNull(type, field + "(type)");
    }
    List<Class<? extends Throwable>> copy = List.of(types);
    return t -> {
      for (Class<? extends Throwable> type : copy) {
        if (type.isInstance(t)) {
          return true;
        }
      }
      return false;
    };
  }

  /** Matches what any of {@code predicates} matches; null when the list is empty (the caller picks the default). */
  public static <X> Predicate<X> anyOf(List<Predicate<X>> predicates) {
    if (predicates.isEmpty()) {
      return null;
    }
    if (predicates.size() == 1) {
      return predicates.get(0);
    }
    List<Predicate<X>> copy = List.copyOf(predicates);
    return x -> {
      for (Predicate<X> p : copy) {
        if (p.test(x)) {
          return true;
        }
      }
      return false;
    };
  }
}
