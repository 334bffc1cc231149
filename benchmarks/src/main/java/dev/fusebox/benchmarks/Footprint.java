package dev.fusebox.benchmarks;

import dev.failsafe.Failsafe;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.vertx.core.Vertx;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Heap bytes per circuit breaker, for each window kind, next to the peers' — the memory a service with many keyed
 * breakers pays. For each subject it creates {@code N} breakers with distinct names, runs {@code 2 × window} successful
 * calls through each (so lazily built structures exist and the window is full), and divides the growth of the live
 * heap, measured after full collections, by {@code N}.
 *
 * <p>Run: {@code java -XX:+UseSerialGC -Xmx2g -cp benchmarks/target/benchmarks.jar dev.fusebox.benchmarks.Footprint
 * [N]} (default 10,000). Prints a Markdown table. Deterministic to a few bytes: memory, unlike time, does not need a
 * quiet machine.
 */
public final class Footprint {

  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();
  private static final int CALLS = 2 * Settings.COUNT_WINDOW;

  private Footprint() {
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    Vertx vertx = Vertx.vertx();
    try {
      Map<String, IntFunction<Object>> subjects = new LinkedHashMap<>();
      subjects.put("Fusebox countWindow(100)", i -> fusebox(CircuitBreaker.of("b" + i,
          FuseboxBenchmark.Peer::countWindow)));
      subjects.put("Fusebox time window (10 s, 10 buckets)", i -> fusebox(CircuitBreaker.of("b" + i,
          FuseboxBenchmark.Peer::timeWindow)));
      subjects.put("Fusebox decaying window", i -> fusebox(CircuitBreaker.of("b" + i,
          cb -> cb.decayingWindow(Settings.TIME_WINDOW))));
      subjects.put("Resilience4j COUNT_BASED(100)", i -> resilience4j(i,
          Resilience4jBenchmark.Peer.countWindow(Settings.OPEN_FOR)));
      subjects.put("Resilience4j TIME_BASED(10 s)", i -> resilience4j(i, Resilience4jBenchmark.Peer.timeWindow()));
      subjects.put("Failsafe count(100)", i -> failsafe(FailsafeBenchmark.Peer.countWindow(Settings.OPEN_FOR)
          .build()));
      subjects.put("Failsafe time(10 s)", i -> failsafe(FailsafeBenchmark.Peer.timeWindow().build()));
      subjects.put("vertx-circuit-breaker (rolling 10 s)", i -> vertxBreaker(vertx, i));

      System.out.printf(Locale.ROOT, "| Breaker | bytes per breaker (N = %,d) |%n|---|---:|%n", n);
      for (Map.Entry<String, IntFunction<Object>> subject : subjects.entrySet()) {
        measure(subject.getValue(), Math.min(n, 1_000)); // warm-up: classes loaded, code compiled
        System.out.printf(Locale.ROOT, "| %s | %,d |%n", subject.getKey(), measure(subject.getValue(), n));
      }
    } finally {
      vertx.close().await();
    }
  }

  private static long measure(IntFunction<Object> create, int n) {
    Object[] keep = new Object[n];
    long before = liveHeap();
    for (int i = 0; i < n; i++) {
      keep[i] = create.apply(i);
    }
    long after = liveHeap();
    long bytes = (after - before - arrayBytes(n)) / n;
    if (keep[n - 1] == null) {
      throw new IllegalStateException("kept nothing");
    }
    return bytes;
  }

  private static long arrayBytes(int n) {
    return 16L + 4L * n; // compressed references
  }

  private static long liveHeap() {
    for (int i = 0; i < 4; i++) {
      System.gc();
    }
    return MEMORY.getHeapMemoryUsage().getUsed();
  }

  private static Object fusebox(CircuitBreaker breaker) {
    for (int c = 0; c < CALLS; c++) {
      breaker.execute(Settings.VERTX_OP);
    }
    return breaker;
  }

  private static Object resilience4j(int i, CircuitBreakerConfig config) {
    io.github.resilience4j.circuitbreaker.CircuitBreaker breaker =
        io.github.resilience4j.circuitbreaker.CircuitBreaker.of("b" + i, config);
    for (int c = 0; c < CALLS; c++) {
      breaker.executeSupplier(() -> Settings.VALUE);
    }
    return breaker;
  }

  private static Object failsafe(dev.failsafe.CircuitBreaker<String> breaker) {
    for (int c = 0; c < CALLS; c++) {
      Failsafe.with(breaker).get(() -> Settings.VALUE);
    }
    return breaker;
  }

  private static Object vertxBreaker(Vertx vertx, int i) {
    io.vertx.circuitbreaker.CircuitBreaker breaker = io.vertx.circuitbreaker.CircuitBreaker.create("b" + i, vertx,
        VertxCircuitBreakerBenchmark.Peer.breakerOnly(Settings.OPEN_FOR));
    for (int c = 0; c < CALLS; c++) {
      breaker.execute(Settings.VERTX_OP);
    }
    return breaker;
  }
}
