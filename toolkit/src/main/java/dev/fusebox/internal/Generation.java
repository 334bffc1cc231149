package dev.fusebox.internal;

import dev.fusebox.spi.Policy;
import dev.fusebox.spi.Stage;
import java.util.ArrayList;
import java.util.List;

/**
 * One configuration of a guard, swapped whole at a reload: the calls that read it run through its stages to the
 * end, whatever reload comes while they are in flight.
 *
 * <p>Immutable.
 */
final class Generation {

  /** 1 for the configuration the guard was built with, one more for each accepted reload. */
  final long number;
  /** The outermost stage. */
  final Stage head;
  /** The stage of calls that pass their own fallback. */
  final Stage perCallFallback;
  /** The policies as composed, outermost first. */
  final List<Policy> composition;
  /** The stages, outermost first. */
  final List<Stage> stages;
  /** The user-visible stateful policies of the stages, outermost first. */
  final List<Object> policies;
  /** Whether every stage {@linkplain LeavesExecution leaves the execution}, so plain calls may reuse theirs. */
  final boolean leavesExecutions;

  Generation(long number, Stage head, Stage perCallFallback, List<Policy> composition, List<Stage> stages) {
    this.number = number;
    this.head = head;
    this.perCallFallback = perCallFallback;
    this.composition = List.copyOf(composition);
    this.stages = List.copyOf(stages);
    List<Object> found = new ArrayList<>();
    for (Stage s : stages) {
      if (s.policy() != null) {
        found.add(s.policy());
      }
    }
    this.policies = List.copyOf(found);
    this.leavesExecutions = stages.stream().allMatch(LeavesExecution.class::isInstance);
  }
}
