package dev.fusebox;

import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.bulkhead.BulkheadSpec;
import dev.fusebox.bulkhead.internal.BulkheadImpl;
import dev.fusebox.bulkhead.internal.BulkheadStage;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerImpl;
import dev.fusebox.circuitbreaker.internal.CircuitBreakerStage;
import dev.fusebox.fallback.FallbackSpec;
import dev.fusebox.internal.GuardContext;
import dev.fusebox.internal.GuardImpl;
import dev.fusebox.internal.Require;
import dev.fusebox.internal.Stage;
import dev.fusebox.internal.StageFactory;
import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.ratelimiter.RateLimiterSpec;
import dev.fusebox.ratelimiter.internal.RateLimiterImpl;
import dev.fusebox.ratelimiter.internal.RateLimiterStage;
import dev.fusebox.retry.Retry;
import dev.fusebox.retry.RetrySpec;
import dev.fusebox.retry.internal.RetryImpl;
import dev.fusebox.retry.internal.RetryStage;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.ExecutionObserver;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.timeout.internal.TimeoutStage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The DSL that composes a {@link Guard}. Policies are listed <b>outermost first</b>: in
 * {@code g.fallback(..).retry(..).circuitBreaker(..).timeout(..)} the fallback wraps the retry, which wraps the
 * breaker, which wraps the timeout, which wraps the call. A timeout listed inside a retry bounds each attempt; one
 * listed outside bounds the whole call, retries and their delays included.
 *
 * <p>Every setter validates its argument at once and names the field in its {@link IllegalArgumentException};
 * {@link #build()} copies the configuration, so building twice gives two independent guards (sharing only the
 * stateful policies passed in as instances).
 *
 * <p>Not thread-safe: configure on one thread, then build.
 *
 * @param <T> the result type
 */
public final class GuardSpec<T> {

  private final Vertx vertx;
  private final String name;
  private final List<StageFactory> stages = new ArrayList<>();
  private final List<GuardObserver> observers = new ArrayList<>();
  private Clock clock = Clock.system();
  private boolean hasFallback;

  GuardSpec(Vertx vertx, String name) {
    this.vertx = Require.nonNull(vertx, "vertx");
    this.name = Require.name(name, "name");
  }

  /** The guard's name. */
  public String name() {
    return name;
  }

  /** The clock the guard's timers and the breakers it creates use; tests pass a manual one. */
  public GuardSpec<T> clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /** Adds an observer of every execution (tracing and metrics integrations use this). */
  public GuardSpec<T> observer(GuardObserver observer) {
    observers.add(Require.nonNull(observer, "observer"));
    return this;
  }

  /** Adds a fallback configured by {@code block}. */
  public GuardSpec<T> fallback(Consumer<FallbackSpec<T>> block) {
    FallbackSpec<T> spec = new FallbackSpec<>();
    Require.nonNull(block, "fallback block").accept(spec);
    hasFallback = true;
    return policy(spec.toStageFactory());
  }

  /** Adds a fallback of every failure to {@code handler}. */
  public GuardSpec<T> fallbackTo(Function<Throwable, Future<T>> handler) {
    Require.nonNull(handler, "fallback");
    Consumer<FallbackSpec<T>> block = f -> f.with(handler);
    return fallback(block);
  }

  /** Adds a circuit breaker of this guard's own, named after the guard and configured by {@code block}. */
  public GuardSpec<T> circuitBreaker(Consumer<CircuitBreakerSpec> block) {
    CircuitBreakerSpec spec = CircuitBreaker.builder(name);
    Require.nonNull(block, "circuitBreaker block").accept(spec);
    return policy((guard, next) -> new CircuitBreakerStage((CircuitBreakerImpl) spec.build(guard.clock()), next));
  }

  /** Adds a shared circuit breaker, created with {@link CircuitBreaker#of}. */
  public GuardSpec<T> circuitBreaker(CircuitBreaker breaker) {
    Require.nonNull(breaker, "circuitBreaker");
    if (!(breaker instanceof CircuitBreakerImpl impl)) {
      throw new IllegalArgumentException("circuitBreaker must be created by CircuitBreaker.of, was "
          + breaker.getClass().getName());
    }
    return policy((guard, next) -> new CircuitBreakerStage(impl, next));
  }

  /**
   * Adds a retry of this guard's own, named after the guard and configured by {@code block}. Its delays run on
   * the guard's clock; policies listed after it are retried with each attempt.
   */
  public GuardSpec<T> retry(Consumer<RetrySpec> block) {
    RetrySpec spec = Retry.builder(name);
    Require.nonNull(block, "retry block").accept(spec);
    return policy((guard, next) -> new RetryStage((RetryImpl) spec.build(guard.clock()), guard.clock(), next));
  }

  /** Adds a shared retry (its budget is shared too), created with {@link Retry#of}. */
  public GuardSpec<T> retry(Retry retry) {
    Require.nonNull(retry, "retry");
    if (!(retry instanceof RetryImpl impl)) {
      throw new IllegalArgumentException("retry must be created by Retry.of, was " + retry.getClass().getName());
    }
    return policy((guard, next) -> new RetryStage(impl, guard.clock(), next));
  }

  /** Adds a bulkhead of this guard's own, named after the guard and configured by {@code block}. */
  public GuardSpec<T> bulkhead(Consumer<BulkheadSpec> block) {
    BulkheadSpec spec = Bulkhead.builder(name);
    Require.nonNull(block, "bulkhead block").accept(spec);
    return policy((guard, next) -> new BulkheadStage((BulkheadImpl) spec.build(guard.clock()), next));
  }

  /** Adds a shared bulkhead, created with {@link Bulkhead#of}. */
  public GuardSpec<T> bulkhead(Bulkhead bulkhead) {
    Require.nonNull(bulkhead, "bulkhead");
    if (!(bulkhead instanceof BulkheadImpl impl)) {
      throw new IllegalArgumentException("bulkhead must be created by Bulkhead.of, was "
          + bulkhead.getClass().getName());
    }
    return policy((guard, next) -> new BulkheadStage(impl, next));
  }

  /** Adds a rate limiter of this guard's own, named after the guard and configured by {@code block}. */
  public GuardSpec<T> rateLimiter(Consumer<RateLimiterSpec> block) {
    RateLimiterSpec spec = RateLimiter.builder(name);
    Require.nonNull(block, "rateLimiter block").accept(spec);
    return policy((guard, next) -> new RateLimiterStage((RateLimiterImpl) spec.build(guard.clock()), next));
  }

  /** Adds a shared rate limiter, created with {@link RateLimiter#of}. */
  public GuardSpec<T> rateLimiter(RateLimiter limiter) {
    Require.nonNull(limiter, "rateLimiter");
    if (!(limiter instanceof RateLimiterImpl impl)) {
      throw new IllegalArgumentException("rateLimiter must be created by RateLimiter.of, was "
          + limiter.getClass().getName());
    }
    return policy((guard, next) -> new RateLimiterStage(impl, next));
  }

  /**
   * Adds a timeout: when {@code timeout} elapses first, the caller gets a {@link GuardTimeoutException} and the
   * attempt is cancelled (its {@link Attempt#onCancel} hooks run).
   */
  public GuardSpec<T> timeout(Duration timeout) {
    Duration checked = Require.positive(timeout, "timeout");
    return policy((guard, next) -> new TimeoutStage(guard.name(), checked, guard.clock(), next));
  }

  /**
   * Adds a policy stage built by {@code factory}; the extension hook the built-in policies use. Stages are
   * listed outermost first like every other policy.
   */
  public GuardSpec<T> policy(StageFactory factory) {
    stages.add(Require.nonNull(factory, "policy"));
    return this;
  }

  /** Builds the guard. */
  public Guard<T> build() {
    GuardContext context = new GuardContext(vertx, name, clock);
    Stage head = Stage.terminal();
    for (int i = stages.size() - 1; i >= 0; i--) {
      head = stages.get(i).create(context, head);
    }
    return new GuardImpl<>(vertx, name, head, hasFallback, combinedObserver());
  }

  private GuardObserver combinedObserver() {
    if (observers.isEmpty()) {
      return null;
    }
    if (observers.size() == 1) {
      return observers.get(0);
    }
    List<GuardObserver> all = List.copyOf(observers);
    return guardName -> {
      List<ExecutionObserver> started = new ArrayList<>(all.size());
      for (GuardObserver o : all) {
        started.add(o.onStart(guardName));
      }
      return new dev.fusebox.internal.CompositeObserver(started);
    };
  }
}
