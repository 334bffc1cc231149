/**
 * Fusebox: resilience policies for Vert.x 5 — circuit breaker, timeout, retry, fallback, bulkhead, rate limiter —
 * composed into a {@link dev.fusebox.Guard} that never blocks the event loop. Only API and SPI packages are exported;
 * {@code ..internal} packages are implementation.
 */
module dev.fusebox.toolkit {
  requires transitive io.vertx.core;
  requires io.netty.common;
  requires static transitive org.jspecify;

  exports dev.fusebox;
  exports dev.fusebox.spi;
  exports dev.fusebox.config;
  exports dev.fusebox.testing;
  exports dev.fusebox.circuitbreaker;
  exports dev.fusebox.retry;
  exports dev.fusebox.bulkhead;
  exports dev.fusebox.ratelimiter;
  exports dev.fusebox.fallback;
  exports dev.fusebox.timeout;
  exports dev.fusebox.chaos;
  exports dev.fusebox.hedge;
  exports dev.fusebox.limit;
  exports dev.fusebox.stale;

  uses dev.fusebox.spi.PolicyReader;

  provides dev.fusebox.spi.PolicyReader with
      dev.fusebox.retry.internal.RetryReader,
      dev.fusebox.ratelimiter.internal.RateLimiterReader,
      dev.fusebox.bulkhead.internal.BulkheadReader,
      dev.fusebox.circuitbreaker.internal.CircuitBreakerReader,
      dev.fusebox.timeout.internal.TimeoutReader,
      dev.fusebox.chaos.internal.ChaosReader,
      dev.fusebox.hedge.internal.HedgeReader,
      dev.fusebox.limit.internal.ConcurrencyLimitReader,
      dev.fusebox.stale.internal.StaleReader;
}
