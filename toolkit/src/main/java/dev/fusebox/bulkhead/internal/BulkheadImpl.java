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

  private final BulkheadConfig config;
  private final String name;
  private final int maxConcurrentCalls;
  private final int maxQueued;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger queued = new AtomicInteger();
  private final ConcurrentLinkedQueue<QueuedCall<?>> waiters = new ConcurrentLinkedQueue<>();
  private final LongAdder permitted = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final LongAdder queueTimeouts = new LongAdder();
  private final Listeners<BulkheadEvent> listeners;
  private final BulkheadFullException full;
  private final BulkheadFullException queueTimeout;
  private final Completable<Object> releaser = (value, failure) -> release();

  public BulkheadImpl(BulkheadConfig config) {
    this.config = config;
    this.name = config.name();
    this.maxConcurrentCalls = config.maxConcurrentCalls();
    this.maxQueued = config.maxQueued();
    this.listeners = new Listeners<>("bulkhead", name);
    this.full = new BulkheadFullException(name, maxConcurrentCalls, maxQueued, false);
    this.queueTimeout = new BulkheadFullException(name, maxConcurrentCalls, maxQueued, true);
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    if (config.clock() instanceof SharedClock shared) {
      shared.adopt(context.clock());
    }
    return new BulkheadStage(this, next);
  }

  /** The configuration this bulkhead runs with. */
  public BulkheadConfig config() {
    return config;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public BulkheadMetrics metrics() {
    return new BulkheadMetrics(inFlight.get(), queued.get(), maxConcurrentCalls, maxQueued, permitted.sum(),
        rejected.sum(), queueTimeouts.sum());
  }

  @Override
  public Subscription onEvent(Consumer<? super BulkheadEvent> listener) {
    return listeners.add(listener);
  }

  @Override
  public String toString() {
    return "Bulkhead[" + name + ", " + inFlight.get() + "/" + maxConcurrentCalls + " in flight, " + queued.get()
        + "/" + maxQueued + " queued]";
  }

  // ---------------------------------------------------------------------------------------------- permits

  /**
   * Takes a permit if one is free and nobody is queued for it (so queued calls are not overtaken); returns
   * whether it did.
   */
  boolean tryEnter() {
    if (maxQueued > 0 && !waiters.isEmpty()) {
      return false;
    }
    for (;;) {
      int current = inFlight.get();
      if (current >= maxConcurrentCalls) {
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
    while (maxQueued > 0 && !waiters.isEmpty()) {
      int current = inFlight.get();
      if (current >= maxConcurrentCalls) {
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
    return maxQueued > 0;
  }

  /** Reserves a place in the queue; false when it is full. */
  boolean reserveQueueSlot() {
    for (;;) {
      int current = queued.get();
      if (current >= maxQueued) {
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
    return config.maxWait();
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
    return full;
  }

  BulkheadFullException queueTimedOut() {
    rejected.increment();
    queueTimeouts.increment();
    if (!listeners.isEmpty()) {
      listeners.fire(new BulkheadEvent.Rejected(name, true));
    }
    return queueTimeout;
  }
}
