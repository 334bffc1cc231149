package dev.fusebox.hedge;

/**
 * A read-out of a {@link Hedge}; counters run from its creation.
 *
 * @param calls calls that went through the hedge
 * @param hedges hedged attempts started
 * @param hedgeWins calls won by a hedged attempt (not the first one)
 * @param cancelled losing attempts cancelled
 * @param budgetExhausted hedges not started because the budget was spent
 */
public record HedgeMetrics(long calls, long hedges, long hedgeWins, long cancelled, long budgetExhausted) {
}
