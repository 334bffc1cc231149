package dev.fusebox.circuitbreaker.internal;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.spi.Clock;

/**
 * OPEN: calls are rejected until {@link #halfOpenAtNanos}; the first call after that moves the breaker to
 * HALF_OPEN. Immutable but for {@link #timer}, which a timer on the breaker's clock moves from {@link #ARMED} to
 * {@link #DUE} once: while it is armed, a call is rejected without reading the clock (see
 * {@link Clock#deadlinesByTimer()}).
 */
final class OpenState extends BreakerState {

  /** No timer: every call reads the clock to learn whether the open period is over. */
  static final int UNTIMED = 0;
  /** A timer runs until the open period is over: calls are rejected without reading the clock. */
  static final int ARMED = 1;
  /** The timer ran: the next call reads the clock (once, in practice) and half-opens the breaker. */
  static final int DUE = 2;

  /** Clock reading from which a call may half-open the breaker. */
  final long halfOpenAtNanos;
  /** How many times in a row the breaker opened without closing in between (1 for the first). */
  final int openings;
  /** {@link #UNTIMED}, {@link #ARMED} or {@link #DUE}. */
  volatile int timer;
  private final Clock clock;
  private final CircuitOpenException exception;

  OpenState(String name, Window window, long halfOpenAtNanos, int openings, Clock clock) {
    super(CircuitState.OPEN, window);
    this.halfOpenAtNanos = halfOpenAtNanos;
    this.openings = openings;
    this.clock = clock;
    this.exception = new CircuitOpenException(name, CircuitState.OPEN, halfOpenAtNanos, clock);
  }

  /** Whether a call now is still inside the open period. */
  boolean rejects() {
    int t = timer;
    return t == ARMED || clock.nanoTime() - halfOpenAtNanos < 0;
  }

  /** Called by the timer: the open period is over. */
  void due() {
    timer = DUE;
  }

  /** The rejection of this state: one exception for its whole lifetime, caching its failed future per context. */
  CircuitOpenException exception() {
    return exception;
  }
}
