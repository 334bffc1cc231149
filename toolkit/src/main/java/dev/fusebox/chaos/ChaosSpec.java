package dev.fusebox.chaos;

import dev.fusebox.chaos.internal.ChaosConfig;
import dev.fusebox.spi.Require;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The configuration DSL of a {@link Chaos} policy: {@code c.fault(0.1, () -> new IOException("chaos"))
 * .latency(0.2, ofMillis(300)).outcome(0.05, () -> cached).enabled(flag)}. Off unless {@link #enabled} says so.
 * Fixed rates are validated here (in [0, 1]); a rate given as a supplier is read per call and clamped to [0, 1].
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class ChaosSpec {

  private final String name;
  private DoubleSupplier faultRate = () -> 0;
  private Supplier<? extends Throwable> fault;
  private DoubleSupplier latencyRate = () -> 0;
  private Duration latency = Duration.ZERO;
  private DoubleSupplier outcomeRate = () -> 0;
  private Supplier<?> outcome;
  private BooleanSupplier enabled = () -> false;

  ChaosSpec(String name) {
    this.name = Require.name(name, "name");
  }

  /** Fails this fraction of calls with an exception from {@code fault}, without running them. */
  public ChaosSpec fault(double rate, Supplier<? extends Throwable> fault) {
    double r = Require.fraction(rate, "fault.rate");
    return fault(() -> r, fault);
  }

  /** Like {@link #fault(double, Supplier)}, with a rate read on every call. */
  public ChaosSpec fault(DoubleSupplier rate, Supplier<? extends Throwable> fault) {
    this.faultRate = Require.nonNull(rate, "fault.rate");
    this.fault = Require.nonNull(fault, "fault");
    return this;
  }

  /** Delays this fraction of calls by {@code delay} (a timer on the guard's clock) before running them. */
  public ChaosSpec latency(double rate, Duration delay) {
    double r = Require.fraction(rate, "latency.rate");
    return latency(() -> r, delay);
  }

  /** Like {@link #latency(double, Duration)}, with a rate read on every call. */
  public ChaosSpec latency(DoubleSupplier rate, Duration delay) {
    this.latencyRate = Require.nonNull(rate, "latency.rate");
    this.latency = Require.positive(delay, "latency.delay");
    return this;
  }

  /** Answers this fraction of calls with a result from {@code outcome}, without running them. */
  public ChaosSpec outcome(double rate, Supplier<?> outcome) {
    double r = Require.fraction(rate, "outcome.rate");
    return outcome(() -> r, outcome);
  }

  /** Like {@link #outcome(double, Supplier)}, with a rate read on every call. */
  public ChaosSpec outcome(DoubleSupplier rate, Supplier<?> outcome) {
    this.outcomeRate = Require.nonNull(rate, "outcome.rate");
    this.outcome = Require.nonNull(outcome, "outcome");
    return this;
  }

  /** Enables or disables injection for good. */
  public ChaosSpec enabled(boolean on) {
    return enabled(() -> on);
  }

  /** The switch, read on every call: pass an {@code AtomicBoolean::get} to flip it at run time. */
  public ChaosSpec enabled(BooleanSupplier on) {
    this.enabled = Require.nonNull(on, "enabled");
    return this;
  }

  /** Builds the policy (its counters are shared by the guards it is composed into). */
  public Chaos build() {
    return new Chaos(new ChaosConfig(name, faultRate, fault, latencyRate, latency, outcomeRate, outcome, enabled));
  }

  /** Same as {@link #build()}; the sugar method of {@code GuardSpec} calls it. */
  public Chaos toPolicy() {
    return build();
  }
}
