package dev.fusebox.vertx.client;

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
   * At most this many distinct upstreams (host:port) get a guard and a breaker; a request to one more fails with an
   * {@link IllegalStateException} naming the limit instead of growing the registry, and the metric series with it,
   * without bound (a client whose hosts come from user input would otherwise leak). Default
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
        maxUpstreams);
  }
}
