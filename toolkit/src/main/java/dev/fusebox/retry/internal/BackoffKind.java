package dev.fusebox.retry.internal;

/** The shapes of delay between attempts. */
public enum BackoffKind {
  /** The same delay before every retry. */
  FIXED,
  /** A delay growing by a multiplier up to a maximum. */
  EXPONENTIAL,
  /** A random delay between the base and three times the previous delay, up to a maximum. */
  DECORRELATED_JITTER
}
