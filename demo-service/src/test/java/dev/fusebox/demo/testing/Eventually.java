package dev.fusebox.demo.testing;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Waits for something another thread or process does (a request arriving, a connection closing), polling, with a
 * bound and a message naming what never happened. Not for timing logic: guards run on the manual clock.
 */
public final class Eventually {

  private Eventually() {
  }

  /** Waits up to 10 s for {@code condition}. */
  public static void await(BooleanSupplier condition, String what) throws InterruptedException {
    await(condition, what, 10);
  }

  /** Waits up to {@code seconds} for {@code condition}. */
  public static void await(BooleanSupplier condition, String what, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(5);
    }
  }
}
