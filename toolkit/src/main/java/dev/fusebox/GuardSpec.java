package dev.fusebox;

import org.jspecify.annotations.Nullable;
import dev.fusebox.bulkhead.Bulkhead;
import dev.fusebox.chaos.Chaos;
import dev.fusebox.chaos.ChaosSpec;
import dev.fusebox.hedge.Hedge;
import dev.fusebox.hedge.HedgeSpec;
import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.limit.ConcurrencyLimitSpec;
import dev.fusebox.bulkhead.BulkheadSpec;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitBreakerSpec;
import dev.fusebox.fallback.FallbackEvent;
import dev.fusebox.fallback.FallbackSpec;
import dev.fusebox.internal.GuardAssembly;
import dev.fusebox.spi.Require;
import dev.fusebox.stale.StaleSpec;
import dev.fusebox.stale.StaleValue;
import dev.fusebox.ratelimiter.RateLimiter;
import dev.fusebox.ratelimiter.RateLimiterSpec;
import dev.fusebox.retry.Retry;
import dev.fusebox.retry.RetrySpec;
import dev.fusebox.spi.Clock;
import dev.fusebox.spi.GuardObserver;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyEvent;
import dev.fusebox.timeout.Timeout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The DSL that composes a {@link Guard}. Policies are listed <b>outermost first</b>: in
 * {@code g.fallback(..).retry(..).circuitBreaker(..).timeout(..)} the fallback wraps the retry, which wraps the
 * breaker, which wraps the timeout, which wraps the call. A timeout listed inside a retry bounds each attempt; one
 * listed outside bounds the whole call, retries and their delays included.
 *
 * <p>Every policy is added through {@link #with(Policy)}; the named methods ({@link #circuitBreaker},
 * {@link #retry}, ...) are one-line sugar over it, and a policy of your own is added the same way.
 *
 * <p>Every setter validates its argument at once and names the field in its {@link ValidationException};
 * {@link #build()} checks the composition (a fallback inside a breaker, two retries, two timeouts with nothing
 * between them are refused with what to write instead) and creates each policy's stage, so building twice gives two
 * independent guards (sharing only the stateful policies passed in as instances).
 *
 * <p>Not thread-safe: configure on one thread, then build.
 *
 * @param <T> the result type
 */
public final class GuardSpec<T extends @Nullable Object> {

  private final Vertx vertx;
  private final String name;
  private final List<Policy> policies = new ArrayList<>();
  private final List<GuardObserver> observers = new ArrayList<>();
  private final List<Consumer<? super PolicyEvent>> listeners = new ArrayList<>();
  private Clock clock = Clock.system();
  private RandomGenerator random;

  GuardSpec(Vertx vertx, String name) {
    this.vertx = Require.nonNull(vertx, "vertx");
    this.name = Require.name(name, "name");
  }

  /** The guard's name. */
  public String name() {
    return name;
  }

  /** The policies added so far, outermost first. */
  public List<Policy> policies() {
    return List.copyOf(policies);
  }

  /** The clock of every timer and time read of the guard's policies; tests pass a manual one. */
  public GuardSpec<T> clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /**
   * The random source of the guard's policies (jitter, sampling); tests pass a seeded one such as
   * {@code new java.util.Random(42)}. Must be thread-safe; {@link ThreadLocalRandom} per draw by default.
   */
  public GuardSpec<T> random(RandomGenerator random) {
    this.random = Require.nonNull(random, "random");
    return this;
  }

  /** Adds an observer of every execution (tracing and metrics integrations use this). */
  public GuardSpec<T> observer(GuardObserver observer) {
    observers.add(Require.nonNull(observer, "observer"));
    return this;
  }

  /** Adds a listener of every policy event of the guard's calls (and of events outside calls). */
  public GuardSpec<T> onEvent(Consumer<? super PolicyEvent> listener) {
    listeners.add(Require.nonNull(listener, "listener"));
    return this;
  }

  /** Adds {@code policy}, inside the ones listed before it: the generic way every policy is composed. */
  public GuardSpec<T> with(Policy policy) {
    policies.add(Require.nonNull(policy, "policy"));
    return this;
  }

  /** Adds a fallback configured by {@code block}. */
  public GuardSpec<T> fallback(Consumer<FallbackSpec<T>> block) {
    return with(configure(new FallbackSpec<T>(), block, "fallback block").toPolicy());
  }

  /** Adds a fallback of every failure to {@code handler}. */
  public GuardSpec<T> fallbackTo(Function<Throwable, Future<T>> handler) {
    Require.nonNull(handler, "fallback");
    return with(new FallbackSpec<T>().with(handler).toPolicy());
  }

  /** Adds a circuit breaker of this guard's own, named after the guard and configured by {@code block}. */
  public GuardSpec<T> circuitBreaker(Consumer<CircuitBreakerSpec> block) {
    return with(configure(CircuitBreaker.builder(name), block, "circuitBreaker block").toPolicy());
  }

  /** Adds a shared circuit breaker, created with {@link CircuitBreaker#of}. */
  public GuardSpec<T> circuitBreaker(CircuitBreaker breaker) {
    return with(Require.nonNull(breaker, "circuitBreaker"));
  }

  /**
   * Adds a retry of this guard's own, named after the guard and configured by {@code block}. Its delays run on
   * the guard's clock; policies listed after it are retried with each attempt.
   */
  public GuardSpec<T> retry(Consumer<RetrySpec> block) {
    return with(configure(Retry.builder(name), block, "retry block").toPolicy());
  }

  /** Adds a shared retry (its budget is shared too), created with {@link Retry#of}. */
  public GuardSpec<T> retry(Retry retry) {
    return with(Require.nonNull(retry, "retry"));
  }

  /** Adds a bulkhead of this guard's own, named after the guard and configured by {@code block}. */
  public GuardSpec<T> bulkhead(Consumer<BulkheadSpec> block) {
    return with(configure(Bulkhead.builder(name), block, "bulkhead block").toPolicy());
  }

  /** Adds a shared bulkhead, created with {@link Bulkhead#of}. */
  public GuardSpec<T> bulkhead(Bulkhead bulkhead) {
    return with(Require.nonNull(bulkhead, "bulkhead"));
  }

  /** Adds a rate limiter of this guard's own, named after the guard and configured by {@code block}. */
  public GuardSpec<T> rateLimiter(Consumer<RateLimiterSpec> block) {
    return with(configure(RateLimiter.builder(name), block, "rateLimiter block").toPolicy());
  }

  /** Adds a shared rate limiter, created with {@link RateLimiter#of}. */
  public GuardSpec<T> rateLimiter(RateLimiter limiter) {
    return with(Require.nonNull(limiter, "rateLimiter"));
  }

  /**
   * Adds a timeout: when {@code timeout} elapses first, the caller gets a {@link GuardTimeoutException} and the
   * attempt is cancelled (its {@link Attempt#onCancel} hooks run).
   */
  public GuardSpec<T> timeout(Duration timeout) {
    return with(Timeout.of(timeout));
  }

  /**
   * Adds hedging of this guard's own, configured by {@code block}: when no answer came after the delay another
   * attempt starts; the first acceptable outcome wins and the losers are cancelled.
   */
  public GuardSpec<T> hedge(Consumer<HedgeSpec> block) {
    return with(configure(Hedge.builder(name), block, "hedge block").toPolicy());
  }

  /** Adds a shared hedge (its budget is shared too), created with {@link Hedge#of}. */
  public GuardSpec<T> hedge(Hedge hedge) {
    return with(Require.nonNull(hedge, "hedge"));
  }

  /** Adds an adaptive concurrency limit of this guard's own (AIMD by default), configured by {@code block}. */
  public GuardSpec<T> concurrencyLimit(Consumer<ConcurrencyLimitSpec> block) {
    return with(configure(ConcurrencyLimit.builder(name), block, "concurrencyLimit block").toPolicy());
  }

  /** Adds a shared adaptive concurrency limit, created with {@link ConcurrencyLimit#of}. */
  public GuardSpec<T> concurrencyLimit(ConcurrencyLimit limit) {
    return with(Require.nonNull(limit, "concurrencyLimit"));
  }

  /**
   * Adds chaos injection configured by {@code block} (off unless enabled): a test and game-day tool, listed
   * innermost by convention.
   */
  public GuardSpec<T> chaos(Consumer<ChaosSpec> block) {
    return with(configure(Chaos.builder(name), block, "chaos block").toPolicy());
  }

  /** Adds a shared chaos policy, created with {@link Chaos#of}. */
  public GuardSpec<T> chaos(Chaos chaos) {
    return with(Require.nonNull(chaos, "chaos"));
  }

  /**
   * Adds a stale-value fallback of this guard's own, configured by {@code block}: for calls given a key
   * ({@link Guard#execute(Object, java.util.function.Supplier)}), the last good result is remembered and served when
   * a later call for the key fails, and concurrent calls for one key share one call. List it outermost.
   */
  public GuardSpec<T> stale(Consumer<StaleSpec<T>> block) {
    return with(configure(StaleValue.<T>builder(name), block, "stale block").build());
  }

  /** Adds a shared stale-value policy (cache and calls in flight shared too), created with {@link StaleValue#of}. */
  public GuardSpec<T> stale(StaleValue<T> stale) {
    return with(Require.nonNull(stale, "stale"));
  }

  /**
   * Builds the guard.
   *
   * @throws ValidationException when the composition is always wrong, or a shared policy already runs on another
   *     guard's clock
   */
  public Guard<T> build() {
    RandomGenerator source = random != null ? random : ThreadLocalRandomGenerator.INSTANCE;
    boolean hasFallback = policies.stream().anyMatch(p -> FallbackEvent.KIND.equals(p.kind()));
    return GuardAssembly.assemble(vertx, name, clock, source, List.copyOf(policies), hasFallback,
        List.copyOf(observers), List.copyOf(listeners));
  }

  private static <S> S configure(S spec, Consumer<? super S> block, String field) {
    Require.nonNull(block, field).accept(spec);
    return spec;
  }

  /** Draws from the calling thread's {@link ThreadLocalRandom}: thread-safe and uncontended. */
  private enum ThreadLocalRandomGenerator implements RandomGenerator {
    INSTANCE;

    @Override
    public long nextLong() {
      return ThreadLocalRandom.current().nextLong();
    }

    @Override
    public double nextDouble() {
      return ThreadLocalRandom.current().nextDouble();
    }
  }
}
