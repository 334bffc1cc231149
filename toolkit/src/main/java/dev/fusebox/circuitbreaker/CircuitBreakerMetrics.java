package dev.fusebox.circuitbreaker;

/**
 * A read-out of a circuit breaker at one moment.
 *
 * <p>Rates are fractions in [0, 1], and 0 while the window holds no call. In {@code OPEN} and {@code HALF_OPEN}
 * the figures are those of the window that tripped the breaker. With a decaying window the counts are the
 * exponentially weighted sums, rounded.
 *
 * @param state the current state
 * @param failureRate failed calls over calls in the window
 * @param slowCallRate slow calls over calls in the window
 * @param calls calls in the window
 * @param failedCalls failed calls in the window
 * @param slowCalls slow calls in the window
 * @param rejectedCalls calls rejected since the breaker was created
 */
public record CircuitBreakerMetrics(
    CircuitState state,
    double failureRate,
    double slowCallRate,
    long calls,
    long failedCalls,
    long slowCalls,
    long rejectedCalls) {
}
