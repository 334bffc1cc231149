package dev.fusebox.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Policy.Trait;
import java.util.List;

/**
 * The composition rules a guard checks when it is built: orders that are always wrong fail with a message that says
 * why and what to write instead. Orders that are legal but unusual (a timeout outside a retry, a bulkhead inside a
 * breaker) are documented in the README, not refused.
 *
 * <p>Thread-safe: stateless.
 */
public final class Composition {

  private Composition() {
  }

  /**
   * Checks {@code policies}, listed outermost first.
   *
   * @throws ValidationException for the first rule broken
   */
  public static void check(String guardName, List<Policy> policies) {
    for (int inner = 0; inner < policies.size(); inner++) {
      Policy p = policies.get(inner);
      for (int outer = 0; outer < inner; outer++) {
        Policy o = policies.get(outer);
        if (p.traits().contains(Trait.RECOVERS) && o.traits().contains(Trait.JUDGES_OUTCOMES)) {
          throw new ValidationException("guard '" + guardName + "'", "must not list " + p.kind() + " inside "
              + o.kind() + ": the " + o.kind() + " would never see the failures the " + p.kind()
              + " replaces; list " + p.kind() + "(..) before " + o.kind() + "(..)", kinds(policies));
        }
        if (p.traits().contains(Trait.REPEATS) && o.kind().equals(p.kind())) {
          throw new ValidationException("guard '" + guardName + "'", "must not have two " + p.kind()
              + " policies: their attempts multiply (3 x 3 = 9 attempts per call); configure one " + p.kind()
              + "(..) with the attempts you want", kinds(policies));
        }
        if (p.traits().contains(Trait.BOUNDS_TIME) && o.traits().contains(Trait.BOUNDS_TIME)
            && !repeatsBetween(policies, outer, inner)) {
          throw new ValidationException("guard '" + guardName + "'", "must not have two " + p.kind()
              + " policies with nothing that repeats between them: the shorter one always wins; keep one, or put"
              + " a retry between them (an overall deadline outside it, a per-attempt timeout inside)",
              kinds(policies));
        }
      }
    }
  }

  private static boolean repeatsBetween(List<Policy> policies, int outer, int inner) {
    for (int i = outer + 1; i < inner; i++) {
      if (policies.get(i).traits().contains(Trait.REPEATS)) {
        return true;
      }
    }
    return false;
  }

  private static String kinds(List<Policy> policies) {
    return policies.stream().map(Policy::kind).toList().toString();
  }
}
