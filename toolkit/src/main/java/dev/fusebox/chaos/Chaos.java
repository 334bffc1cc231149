package dev.fusebox.chaos;

import dev.fusebox.chaos.internal.ChaosConfig;
import dev.fusebox.chaos.internal.ChaosStage;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.Stage;
import dev.fusebox.spi.Require;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Chaos injection, a test and game-day tool: injects faults, latency (a timer on the guard's clock, never a sleep)
 * and results at configured rates, off unless enabled. The switch and the rates are read on every call, so they can
 * be changed at run time ({@link ChaosSpec#enabled(java.util.function.BooleanSupplier)}, rates as suppliers). Every
 * injection reports a {@link ChaosEvent}. Draws come from the guard's random source, so a seeded guard injects the
 * same sequence. By convention list it <b>innermost</b>, so every other policy sees the injected behaviour as the
 * dependency's own.
 *
 * <p>Immutable configuration, thread-safe counters (LongAdder).
 */
public final class Chaos implements Policy {

  /** The policy kind, {@value}. */
  public static final String KIND = "chaos";

  private final ChaosConfig config;
  private final LongAdder faults = new LongAdder();
  private final LongAdder latencies = new LongAdder();
  private final LongAdder outcomes = new LongAdder();
  private final LongAdder calls = new LongAdder();

  Chaos(ChaosConfig config) {
    this.config = config;
  }

  /** Creates a chaos policy configured by {@code block}. */
  public static Chaos of(String name, Consumer<ChaosSpec> block) {
    ChaosSpec spec = new ChaosSpec(name);
    Require.nonNull(block, "block").accept(spec);
    return spec.build();
  }

  /** Starts a chained configuration ending in {@link ChaosSpec#build()}. */
  public static ChaosSpec builder(String name) {
    return new ChaosSpec(name);
  }

  /** The policy's name. */
  public String name() {
    return config.name();
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public Stage createStage(PolicyContext context, Stage next) {
    return new ChaosStage(this, config, context, next);
  }

  /** Counts, from creation. */
  public ChaosMetrics metrics() {
    return new ChaosMetrics(calls.sum(), faults.sum(), latencies.sum(), outcomes.sum());
  }

  /** For the stage: counts a call that passed while enabled, and each injection. */
  public void counted(int what) {
    switch (what) {
      case 0 -> calls.increment();
      case 1 -> faults.increment();
      case 2 -> latencies.increment();
      default -> outcomes.increment();
    }
  }
}
