package dev.fusebox.bulkhead;

import java.time.Duration;

/**
 * Something a bulkhead did, delivered to listeners after the fact.
 *
 * <p>Events are immutable.
 */
public sealed interface BulkheadEvent extends dev.fusebox.spi.PolicyEvent {

  /** The policy kind, {@value}. */
  String KIND = "bulkhead";

  @Override
  default String policyName() {
    return bulkhead();
  }

  @Override
  default String policyKind() {
    return KIND;
  }

  /** The bulkhead's name. */
  String bulkhead();

  /** A call got a permit after waiting {@code waited} in the queue (zero when it got one at once). */
  record Permitted(String bulkhead, Duration waited) implements BulkheadEvent {
    @Override
    public String name() {
      return "fusebox.bulkhead.permitted";
    }
  }

  /** A call found every permit taken and joined the queue. */
  record Queued(String bulkhead) implements BulkheadEvent {
    @Override
    public String name() {
      return "fusebox.bulkhead.queued";
    }
  }

  /**
   * A call was refused: the bulkhead and its queue were full, or ({@code queueTimedOut}) the call waited for the
   * maximum wait and got no permit.
   */
  record Rejected(String bulkhead, boolean queueTimedOut) implements BulkheadEvent {
    @Override
    public String name() {
      return "fusebox.bulkhead.rejected";
    }
  }
}
