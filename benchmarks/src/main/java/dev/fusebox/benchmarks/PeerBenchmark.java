package dev.fusebox.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The run settings every suite shares. A benchmark is named {@code <Peer>Benchmark.<scenario>[_<variant>]}; the
 * report groups rows by scenario, so the same scenario keeps the same method name in every peer's class:
 * {@code closedCount}, {@code closedTime}, {@code open}, {@code composed}, {@code contended}.
 *
 * <p>Forks pre-touch a fixed 1 GiB heap: these machines are slow to touch new memory, and without it the first
 * seconds of every fork run several times slower.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class PeerBenchmark {
}
