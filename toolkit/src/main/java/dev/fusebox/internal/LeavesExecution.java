package dev.fusebox.internal;

/**
 * Marks a stage of the toolkit that keeps no reference to the execution it ran once it has returned, whenever the
 * future it got from the next stage (or its own rejection) was complete by then: no listener, timer or queue entry
 * holds the execution afterwards. A guard whose stages all say so reuses the execution of a call that completed
 * while it ran for the next call on the same thread, so a call answered at once allocates nothing of the guard's.
 *
 * <p>Only stages whose code has been checked against this contract implement it; a stage that may keep the
 * execution (a queue, a timer, a second attempt) must not.
 */
public interface LeavesExecution {
}
