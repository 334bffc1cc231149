package dev.fusebox.bulkhead;

/**
 * A read-out of a {@link Bulkhead} at one moment; the counters run from the bulkhead's creation.
 *
 * @param inFlight calls holding a permit now
 * @param queued calls waiting in the queue now
 * @param maxConcurrentCalls the concurrency limit
 * @param maxQueued the queue capacity (0 without a queue)
 * @param permitted calls that got a permit, at once or after waiting
 * @param rejected calls refused with a {@link dev.fusebox.BulkheadFullException}, queue timeouts included
 * @param queueTimeouts calls that waited in the queue for the maximum wait and got no permit
 */
public record BulkheadMetrics(
    int inFlight,
    int queued,
    int maxConcurrentCalls,
    int maxQueued,
    long permitted,
    long rejected,
    long queueTimeouts) {
}
