package dev.fusebox.vertx.client;

import java.time.Duration;
import dev.fusebox.spi.Clock;
import dev.fusebox.Guard;
import dev.fusebox.GuardSpec;
import dev.fusebox.spi.Require;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.client.internal.GuardedWebClientImpl;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The configuration of a {@link GuardedWebClient}. Every setter validates at once; {@link #build()} also runs the
 * template once on a throw-away guard, so a template that configures a policy wrongly fails here and not on the
 * first request to each upstream.
 *
 * <p>Defaults: name {@value GuardedWebClient#DEFAULT_NAME}, a registry of its own, failure statuses {@code 5xx}
 * and {@code 429}, an empty template (a guard with no policy).
 *
 * <p>Not thread-safe: configure on one thread, then build.
 */
public final class GuardedWebClientSpec {

  /** Default cap on the distinct upstreams (host:port) one client guards. */
  public static final int DEFAULT_MAX_UPSTREAMS = 1024;
  /** Default idle time after which an upstream's guard is forgotten. */
  public static final Duration DEFAULT_EVICT_AFTER = Duration.ofMinutes(10);

  /**
   * The default failure classification by status: {@code 5xx} and {@code 429 Too Many Requests} fail the attempt
   * (the breaker counts them, a retry retries them); every other status, {@code 404} included, is a success.
   */
  public static final IntPredicate DEFAULT_FAILURE_STATUS = status -> status >= 500 || status == 429;

  private final Vertx vertx;
  private final WebClient webClient;
  private String name = GuardedWebClient.DEFAULT_NAME;
  private CircuitBreakerRegistry registry;
  private IntPredicate failureStatus = DEFAULT_FAILURE_STATUS;
  private Predicate<HttpResponse<Buffer>> failureWhen;
  private int maxUpstreams = DEFAULT_MAX_UPSTREAMS;
  private Duration evictAfter = DEFAULT_EVICT_AFTER;
  private Clock clock = Clock.system();
  private Consumer<GuardSpec<HttpResponse<Buffer>>> template = g -> {
  };

  GuardedWebClientSpec(Vertx vertx, WebClient webClient) {
    this.vertx = Require.nonNull(vertx, "vertx");
    this.webClient = Require.nonNull(webClient, "webClient");
  }

  /** The first part of every guard and breaker name: {@code <name>:<host>:<port>}. */
  public GuardedWebClientSpec name(String name) {
    this.name = Require.name(name, "name");
    return this;
  }

  /** Registers the breakers in {@code registry} instead of a registry of the client's own. */
  public GuardedWebClientSpec registry(CircuitBreakerRegistry registry) {
    this.registry = Require.nonNull(registry, "registry");
    return this;
  }

  /** Which response statuses fail the attempt; {@link #DEFAULT_FAILURE_STATUS} unless set. */
  public GuardedWebClientSpec failureStatus(IntPredicate failureStatus) {
    this.failureStatus = Require.nonNull(failureStatus, "failureStatus");
    return this;
  }

  /**
   * Also fails the attempt when {@code failureWhen} holds for a response whose status is not a failure: the
   * classification hook for faults a status does not show — a {@code 200} whose body cannot be decoded, an error
   * object in a JSON body. The breaker counts such a response as a failure and a retry retries it; when it is still
   * the outcome after the guard, the caller gets the response. A predicate that throws counts as a failure.
   */
  public GuardedWebClientSpec failureWhen(Predicate<HttpResponse<Buffer>> failureWhen) {
    this.failureWhen = Require.nonNull(failureWhen, "failureWhen");
    return this;
  }

  /**
   * Forgets the guard of an upstream that had no call for {@code idle} (default {@link #DEFAULT_EVICT_AFTER}), so a
   * client that meets many hosts over months stays bounded: its breaker leaves the registry with its series and
   * health entry. Never while a call is in flight or while any of its breakers is not CLOSED (an open breaker is
   * protection still at work; a forced-open or disabled one is an operator's decision). Idle guards are swept when a
   * new upstream is met (every 256 new ones, and whenever {@link #maxUpstreams} is reached — the hard cap is hit
   * only when nothing is evictable) and by {@link GuardedWebClient#evictIdle()}.
   */
  public GuardedWebClientSpec evictAfter(Duration idle) {
    this.evictAfter = Require.positive(idle, "evictAfter");
    return this;
  }

  /**
   * The clock of idle times, also given to every upstream's guard before the template runs (so a test's manual clock
   * drives both); {@link Clock#system()} by default.
   */
  public GuardedWebClientSpec clock(Clock clock) {
    this.clock = Require.nonNull(clock, "clock");
    return this;
  }

  /**
   * At most this many distinct upstreams (host:port) get a guard and a breaker; a request to one more fails with an
   * {@link IllegalStateException} naming the limit instead of growing the registry, and the metric series with it,
   * without bound (a client whose hosts come from user input would otherwise leak). Reached only when no idle
   * upstream can be evicted ({@link #evictAfter}). Default
   * {@value #DEFAULT_MAX_UPSTREAMS}; concurrent first requests may overshoot it by a few.
   */
  public GuardedWebClientSpec maxUpstreams(int max) {
    this.maxUpstreams = Require.atLeast(1, max, "maxUpstreams");
    return this;
  }

  /** The guard configuration applied to each authority's guard. */
  public GuardedWebClientSpec template(Consumer<GuardSpec<HttpResponse<Buffer>>> template) {
    this.template = Require.nonNull(template, "template");
    return this;
  }

  /**
   * Builds the client and adds its cancellation interceptor to the web client (once per web client).
   *
   * @throws IllegalArgumentException if the template configures a policy wrongly
   */
  public GuardedWebClient build() {
    Consumer<GuardSpec<HttpResponse<Buffer>>> checked = template;
    // Validate the template eagerly: the per-authority guards are built lazily, on first use.
    Guard.<HttpResponse<Buffer>>of(vertx, name + ":template-check", checked);
    return new GuardedWebClientImpl(vertx, webClient, name,
        registry != null ? registry : CircuitBreakerRegistry.create(), failureStatus, failureWhen, checked,
        maxUpstreams, evictAfter, clock);
  }
}
