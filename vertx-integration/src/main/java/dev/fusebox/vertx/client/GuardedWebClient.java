package dev.fusebox.vertx.client;

import dev.fusebox.Guard;
import dev.fusebox.GuardSpec;
import dev.fusebox.GuardedCall;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A Vert.x {@link WebClient} whose requests run through a guard, one guard — and so one circuit breaker — per
 * upstream authority ({@code host:port}).
 *
 * <pre>{@code
 * GuardedWebClient users = GuardedWebClient.create(vertx, WebClient.create(vertx), g -> g
 *     .retry(r -> r.maxAttempts(3).exponentialBackoff(ofMillis(50), ofSeconds(1)).jitter(0.5).maxDelay(ofSeconds(5)))
 *     .circuitBreaker(cb -> cb.failureRate(0.5).minimumCalls(20).openFor(ofSeconds(30)))
 *     .timeout(ofMillis(800)));
 *
 * Future<HttpResponse<Buffer>> user = users.send(users.webClient().get(port, host, "/users/42"));
 * }</pre>
 *
 * <p><b>One guard per authority.</b> The first request to an authority builds its guard from the template, named
 * {@code <client name>:<host>:<port>} (host in lower case, IPv6 in brackets): a breaker the template creates with
 * {@code g.circuitBreaker(cb -> ...)} takes that name, so {@code api.example.com} failing never opens the breaker
 * of {@code auth.example.com}. The breakers are registered in {@link #registry()} for health checks, metrics and
 * dashboards.
 *
 * <p><b>What counts as a failure.</b> Connection errors (refused, reset, closed, malformed HTTP) and responses whose
 * status is a failure — {@code 5xx} and {@code 429} by default — fail the attempt inside the guard, the latter as a
 * {@link FailedResponseException}: every policy sees them as failures without extra configuration (the breaker
 * counts them, a retry retries them, a fallback may replace them). Other statuses, {@code 404} included, are
 * successes. When a failed response is still the outcome after the guard — retries exhausted, breaker closed, no
 * fallback — the caller gets <em>the response</em>, not an exception, and decides what a {@code 503} means to it.
 * Rejections ({@link dev.fusebox.CircuitOpenException}, ...) and timeouts
 * ({@link dev.fusebox.GuardTimeoutException}) reach the caller as failures.
 *
 * <p><b>{@code Retry-After}.</b> Every retry honours it: a {@code 429} or {@code 503} that says
 * {@code Retry-After: 2} delays the next attempt by at least two seconds, and one asking for longer than the
 * retry's {@code maxDelay} ends the retries (the caller gets that response).
 *
 * <p><b>Timeouts reset the request.</b> When the guard abandons an attempt (its timeout expired), the underlying
 * {@code HttpClientRequest} is reset, so a hung upstream does not keep a pooled connection busy. This works through
 * an interceptor that {@code create} adds once to the given {@code WebClient}, so build requests with
 * {@link #webClient()}: a request built by another {@code WebClient} fails its call at once with an
 * {@link IllegalArgumentException} saying so, rather than going out unprotected.
 *
 * <p>Thread-safe: use one instance from any verticle or event loop. Futures complete on the caller's context.
 */
public interface GuardedWebClient {

  /** The default client name, the first part of every guard and breaker name. */
  String DEFAULT_NAME = "http";

  /**
   * Guards {@code webClient} with {@code template}, applied to the guard of each authority; named
   * {@value #DEFAULT_NAME}.
   */
  static GuardedWebClient create(Vertx vertx, WebClient webClient,
      Consumer<GuardSpec<HttpResponse<Buffer>>> template) {
    return builder(vertx, webClient).template(template).build();
  }

  /** Guards {@code webClient} with {@code template}; guard and breaker names start with {@code name}. */
  static GuardedWebClient create(Vertx vertx, String name, WebClient webClient,
      Consumer<GuardSpec<HttpResponse<Buffer>>> template) {
    return builder(vertx, webClient).name(name).template(template).build();
  }

  /** Starts a configuration with every option: name, registry, failure statuses, template. */
  static GuardedWebClientSpec builder(Vertx vertx, WebClient webClient) {
    return new GuardedWebClientSpec(vertx, webClient);
  }

  /** The client's name. */
  String name();

  /** The decorated client, to create requests with. */
  WebClient webClient();

  /**
   * Sends {@code request} through the guard of its authority. The future fails with a rejection, a timeout or a
   * connection error; a response whose status is a failure arrives as a response once the guard is done with it.
   * A {@code GET} or {@code HEAD} is run with its {@link RequestKey} as the call's key, so a stale-value policy in
   * the template remembers, serves ({@link StaleResponse}) and coalesces per resource; other methods carry none.
   * Never throws.
   */
  Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request);

  /**
   * Like {@link #send(HttpRequest)}, handing failures to {@code fallback} — every failure when the template has no
   * fallback policy, else those it selects. The fallback receives failed responses as
   * {@link FailedResponseException}, so it can serve a cached value for a {@code 503} as well as for an open
   * breaker.
   */
  Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request,
      Function<Throwable, Future<HttpResponse<Buffer>>> fallback);

  /**
   * Like {@link #send(HttpRequest, Function)}, as a call the caller can cancel: {@link GuardedCall#cancel()} resets
   * the HTTP request in flight and starts no retry. {@code fallback} may be null (the template's fallback policy, if
   * any, applies). Never throws: a request that cannot be sent gives a failed {@link GuardedCall#future()}.
   */
  GuardedCall<HttpResponse<Buffer>> start(HttpRequest<Buffer> request,
      @Nullable Function<Throwable, Future<HttpResponse<Buffer>>> fallback);

  /**
   * Reconfigures the client in place with {@code template}: the guard of every upstream met so far takes it with
   * {@link Guard#reconfigure(Consumer)} — breakers keep their state, windows, names, listeners and series — and
   * upstreams met from now on are built with it. Checked first on a throw-away guard, like the template of
   * {@link GuardedWebClientSpec#build()}.
   *
   * @return the new {@link #generation()}
   * @throws dev.fusebox.ValidationException when the template configures a policy wrongly or changes what a reload
   *     cannot (the order or kinds of policies); the client and every guard then keep their configuration
   */
  long reconfigure(Consumer<GuardSpec<HttpResponse<Buffer>>> template);

  /** The number of the template in force: 1 as built, one more for each accepted {@link #reconfigure}. */
  long generation();

  /** The guard of {@code host:port}, built from the template on first use. */
  Guard<HttpResponse<Buffer>> guard(String host, int port);

  /** The breakers of the authorities met so far, in the order they were first used. */
  List<CircuitBreaker> breakers();

  /** The registry the breakers are registered in (shared with other clients when given to the builder). */
  CircuitBreakerRegistry registry();

  /** Forgets now every upstream idle for at least {@code evictAfter} that may be evicted; returns how many. */
  int evictIdle();

  /** The upstreams guarded now. */
  int upstreams();

  /** Calls {@code listener} for every upstream evicted from now on. A listener that throws is logged. */
  dev.fusebox.Subscription onEvicted(java.util.function.Consumer<? super UpstreamEvicted> listener);
}
