package dev.fusebox.internal;

import dev.fusebox.ValidationException;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Reconfigurable;
import dev.fusebox.spi.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * The checks of a guard's reload, before anything changes: the new policies compose, they are the same kinds in the
 * same order as the running ones, and every {@link Reconfigurable} stage agrees to carry its state over.
 *
 * <p>Why the order and kinds must stay: a policy's state (a breaker's window, a bulkhead's permits) belongs to its
 * place in the guard, and a reload that added, removed or moved a stateful policy would silently drop protection
 * or its history — a typo in production must never do that. Settings of every policy may change; stateless policies
 * are rebuilt from their new settings, stateful ones keep their state.
 *
 * <p>Thread-safe: stateless.
 */
final class Reload {

  private Reload() {
  }

  /**
   * Returns, for each policy of {@code next}, the policy that builds its stage: the carry-over policy of the
   * running stage when that stage is {@link Reconfigurable}, else the new policy itself.
   *
   * @throws ValidationException for the first change that cannot be made in place; nothing has changed then
   */
  static List<Policy> plan(String guardName, List<Policy> running, List<Stage> stages, List<Policy> next) {
    Composition.check(guardName, next);
    List<String> was = kinds(running);
    List<String> now = kinds(next);
    if (!was.equals(now)) {
      throw new ValidationException("order", "must stay " + was + " when guard '" + guardName + "' is reconfigured"
          + " in place (each policy's state lives at its place; adding, removing or moving a policy needs a"
          + " restart)", now.toString());
    }
    List<Policy> builders = new ArrayList<>(next.size());
    for (int i = 0; i < next.size(); i++) {
      Policy replacement = next.get(i);
      if (stages.get(i) instanceof Reconfigurable reconfigurable) {
        Policy carryOver;
        try {
          carryOver = reconfigurable.reconfigure(replacement);
        } catch (ValidationException e) {
          throw e.at(replacement.kind());
        }
        if (carryOver == null) {
          throw new ValidationException(replacement.kind(), "must give a policy to reconfigure with", "null");
        }
        builders.add(carryOver);
      } else {
        builders.add(replacement);
      }
    }
    return builders;
  }

  private static List<String> kinds(List<Policy> policies) {
    return policies.stream().map(Policy::kind).toList();
  }
}
