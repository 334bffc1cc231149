/**
 * A testing kit for code guarded by Fusebox, with no test-framework dependency: {@link dev.fusebox.testing.ManualClock}
 * to drive time, {@link dev.fusebox.testing.EventRecorder} to see what policies reported, and
 * {@link dev.fusebox.testing.Await} to wait, bounded, for futures and context steps from a test thread.
 */
package dev.fusebox.testing;
