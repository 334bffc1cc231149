package dev.fusebox.bulkhead.internal;

import dev.fusebox.BulkheadFullException;
import dev.fusebox.Subscription;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.bulkhead.BulkheadEvent;
import dev.fusebox.bulkhead.BulkheadMetrics;
import dev.fusebox.spi.Listeners;
import dev.fusebox.internal.SharedClock;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import io.vertx.core.Completable;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The bulkhead's permits and wait queue.
 *
 * <p>Thread-safe and lock-free. Permits are one {@link AtomicInteger} taken by compare-and-set below the limit.
 * Queued calls wait in a {@link ConcurrentLinkedQueue}; a call leaves it by one compare-and-set on its own state,
 * so a permit and a timeout (or a cancellation) can never both claim it. No wake-up is lost: whoever frees a
 * permit and whoever joins the queue both {@link #drain()} afterwards, and drain hands permits to waiters until
 * the queue is empty or every permit is taken.
 */
public final class BulkheadImpl implements Bulkhead {

  private final String name;
  /** The limits in force: one immutable snapshot, swapped whole by {@link #apply}. */
  private volatile Limits limits;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final ConcurrentLinkedQueue<QueuedCall<?>> waiters = new ConcurrentLinkedQueue<>();
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder queueTimeouts = new LongAdder();
  private final Listeners<BulkheadEvent> listeners;
  private final Completable<Object> releaser = (value, failure) -> release();

  public BulkheadImpl(BulkheadConfig config) {
    this.name = config.name();
    this.listeners = new Listeners<>("bulkhead", name);
    this.limits = new Limits(config);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    if (limits.config.clock() instanceof SharedClock shared) {
      shared.adopt(context.clock());
    }
    return stage(next, false);
  }

  /** The stage of this bulkhead in a guard; {@code owned} when the guard created the bulkhead for itself. */
  Stage stage(Stage next, boolean owned) {
    return new BulkheadStage(this, next, owned);
  }

  /** The configuration this bulkhead runs with. */
  public BulkheadConfig config() {
    return limits.config;
  }

  /** The settings of {@code template} as this bulkhead would run them: its name and clock kept. */
  BulkheadConfig prepare(BulkheadConfig template) {
    BulkheadConfig current = limits.config;
    return new BulkheadConfig(name, template.maxConcurrentCalls(), template.maxQueued(), template.maxWait(),
        current.clock());
  }

  /**
   * Resizes to {@code next} (from {@link #prepare}) without dropping a permit: calls holding one keep it and give it
   * back to the same count; above a smaller limit, new calls wait or are refused until enough came back; a larger
   * limit hands the new permits to queued calls at once. Queued calls keep their place (and their deadline) even
   * when the queue shrinks; new calls see the new queue size.
   */
  void apply(BulkheadConfig next) {
    limits = new Limits(next);
    drain();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BulkheadMetrics metrics() {
    Limits l = limits;
    return new BulkheadMetrics(inFlight.get(), queued.get(), l.maxConcurrentCalls, l.maxQueued, permitted.sum(),
        rejected.sum(), queueTimeouts.sum());
  }

  @Override
  public Subscription onEvent(Consumer<? super BulkheadEvent> listener) {
    return listeners.add(listener);
  }

  @Override
  public String toString() {
    Limits l = limits;
    return "Bulkhead[" + name + ", " + inFlight.get() + "/" + l.maxConcurrentCalls + " in flight, " + queued.get()
        + "/" + l.maxQueued + " queued]";
  }

  // ---------------------------------------------------------------------------------------------- permits

  /**
   * Takes a permit if one is free and nobody is queued for it (so queued calls are not overtaken); returns
   * whether it did.
   */
  boolean tryEnter() {
    if (!waiters.isEmpty()) {
      return false;
    }
    int max = limits.maxConcurrentCalls;
    for (;;) {
      int current = inFlight.get();
      if (current >= max) {
        return false;
      }
      if (inFlight.compareAndSet(current, current + 1)) {
        permitted(Duration.ZERO);
        return true;
      }
    }
  }

  /** Gives a permit back and hands it to the first waiter, if any. */
  void release() {
    inFlight.decrementAndGet();
    drain();
  }

  /** A listener that gives a permit back when the call it is attached to completes. */
  Completable<Object> releaser() {
    return releaser;
  }

  /** Hands free permits to queued calls, first in first out, until the queue is empty or no permit is free. */
  void drain() {
    // Not gated on the queue size in force: calls queued before a reload shrank the queue still get permits.
    while (!waiters.isEmpty()) {
      int current = inFlight.get();
      if (current >= limits.maxConcurrentCalls) {
        return;
      }
      if (!inFlight.compareAndSet(current, current + 1)) {
        continue;
      }
      boolean granted = false;
      for (QueuedCall<?> waiter = waiters.poll(); waiter != null; waiter = waiters.poll()) {
        if (waiter.grant()) {
          granted = true;
          break;
        }
      }
      if (!granted) {
        // Everyone queued had timed out or been cancelled; loop to re-check a call that joined meanwhile.
        inFlight.decrementAndGet();
      }
    }
  }

  // ---------------------------------------------------------------------------------------------- queue

  /** Whether calls may queue at all. */
  boolean hasQueue() {
    return limits.maxQueued > 0;
  }

  /** Reserves a place in the queue; false when it is full. */
  boolean reserveQueueSlot() {
    for (;;) {
      int current = queued.get();
      if (current >= limits.maxQueued) {
        return false;
      }
      if (queued.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  /** Puts a call that holds a reserved place into the queue, then hands it a permit if one is free. */
  void enqueue(QueuedCall<?> call) {
    waiters.offer(call);
    if (!listeners.isEmpty()) {
      listeners.fire(new BulkheadEvent.Queued(name));
    }
    drain();
  }

  /** A call left the queue: granted, timed out or cancelled. */
  void leftQueue(QueuedCall<?> call, boolean polled) {
    queued.decrementAndGet();
    if (!polled) {
      waiters.remove(call);
    }
  }

  /** The longest wait in the queue. */
  Duration maxWait() {
    return limits.config.maxWait();
  }

  // ---------------------------------------------------------------------------------------------- outcomes

  void permitted(Duration waited) {
    permitted.increment();
    if (!listeners.isEmpty()) {
      listeners.fire(new BulkheadEvent.Permitted(name, waited));
    }
  }

  BulkheadFullException rejectFull() {
    rejected.increment();
    if (!listeners.isEmpty()) {
      listeners.fire(new BulkheadEvent.Rejected(name, false));
    }
    return limits.full;
  }

  BulkheadFullException queueTimedOut() {
    rejected.increment();
    queueTimeouts.increment();
    if (!listeners.isEmpty()) {
      listeners.fire(new BulkheadEvent.Rejected(name, true));
    }
    return limits.queueTimeout;
  }

  /** The limits in force and the rejections that carry them. Immutable. */
  private static final class Limits {
    final BulkheadConfig config;
    final int maxConcurrentCalls;
    final int maxQueued;
    final BulkheadFullException full;
    final BulkheadFullException queueTimeout;

    Limits(BulkheadConfig config) {
      this.config = config;
      this.maxConcurrentCalls = config.maxConcurrentCalls();
      this.maxQueued = config.maxQueued();
      this.full = new BulkheadFullException(config.name(), maxConcurrentCalls, maxQueued, false);
      this.queueTimeout = new BulkheadFullException(config.name(), maxConcurrentCalls, maxQueued, true);
    }
  }
}
