package dev.fusebox.chaos.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/** The immutable configuration of a chaos policy, built by {@code ChaosSpec}. */
public record ChaosConfig(String name, DoubleSupplier faultRate, Supplier<? extends Throwable> fault,
    DoubleSupplier latencyRate, Duration latency, DoubleSupplier outcomeRate, Supplier<?> outcome,
    BooleanSupplier enabled) {
}
