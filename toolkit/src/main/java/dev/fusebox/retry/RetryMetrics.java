package dev.fusebox.retry;

/**
 * A read-out of a {@link Retry} at one moment; the counters run from the retry's creation.
 *
 * @param calls executions that went through the retry (first attempts)
 * @param retries retries scheduled, that is attempts beyond the first
 * @param succeededAfterRetry executions that succeeded on a second or later attempt
 * @param exhausted executions that were still failing after {@code maxAttempts} attempts
 * @param budgetExhausted retries refused because the retry budget was spent
 * @param budgetAvailable retries the budget would grant now, or {@code -1} when the retry has no budget
 */
public record RetryMetrics(
    long calls,
    long retries,
    long succeededAfterRetry,
    long exhausted,
    long budgetExhausted,
    long budgetAvailable) {
}
