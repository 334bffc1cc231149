package dev.fusebox.demo.telemetry;

import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerMetrics;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.ObservableDoubleGauge;
import java.util.Collection;
import java.util.function.Supplier;

/**
 * The rates each breaker judges over its own window, as gauges read at every scrape: {@code demo_breaker_failure_rate}
 * and {@code demo_breaker_slow_call_rate} (fractions in [0, 1], attribute {@code name}). The library's counters give
 * request and failure totals; these show how close a breaker is to its thresholds, slow calls included, for the
 * Grafana dashboard.
 *
 * <p>Thread-safe: the callbacks read the breakers' lock-free metrics.
 */
public final class BreakerGauges implements AutoCloseable {

  private static final AttributeKey<String> NAME = AttributeKey.stringKey("name");

  private final ObservableDoubleGauge failureRate;
  private final ObservableDoubleGauge slowCallRate;

  /** Registers the gauges of {@code breakers} (read at each collection) with {@code meter}. */
  public BreakerGauges(Meter meter, Supplier<? extends Collection<? extends CircuitBreaker>> breakers) {
    failureRate = meter.gaugeBuilder("demo.breaker.failure_rate")
        .setDescription("Failure rate over the breaker's window, the rate its failureRate threshold is judged on.")
        .buildWithCallback(m -> breakers.get().forEach(b ->
            m.record(b.metrics().failureRate(), Attributes.of(NAME, b.name()))));
    slowCallRate = meter.gaugeBuilder("demo.breaker.slow_call_rate")
        .setDescription("Slow-call rate over the breaker's window, judged against its slowCallRate threshold.")
        .buildWithCallback(m -> breakers.get().forEach(b -> {
          CircuitBreakerMetrics metrics = b.metrics();
          m.record(metrics.slowCallRate(), Attributes.of(NAME, b.name()));
        }));
  }

  @Override
  public void close() {
    failureRate.close();
    slowCallRate.close();
  }
}
