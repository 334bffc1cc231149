package dev.fusebox.vertx.client.internal;

import java.util.concurrent.atomic.AtomicInteger;
import java.time.Duration;
import io.vertx.core.Completable;
import dev.fusebox.vertx.client.UpstreamEvicted;
import dev.fusebox.spi.Listeners;
import dev.fusebox.spi.Clock;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.Subscription;
import dev.fusebox.Attempt;
import dev.fusebox.Operation;
import dev.fusebox.vertx.client.RequestKey;
import io.vertx.core.http.HttpMethod;
import dev.fusebox.Guard;
import dev.fusebox.GuardedCall;
import dev.fusebox.spi.Require;
import dev.fusebox.GuardSpec;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.client.FailedResponseException;
import dev.fusebox.vertx.client.GuardedWebClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.ContextInternal;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The guarded client: a map from authority to guard, and the operation that sends one attempt.
 *
 * <p>Thread-safe: the map is concurrent and read without locking on the hot path (a guard is created once per
 * authority); guards are immutable.
 */
public final class GuardedWebClientImpl implements GuardedWebClient {

  private static final System.Logger LOG = System.getLogger("dev.fusebox.vertx");
  /** New upstreams between two sweeps for idle ones (a sweep also runs whenever the cap is reached). */
  private static final int SWEEP_EVERY = 256;

  private final Vertx vertx;
  private final WebClient webClient;
  private final String name;
  private final CircuitBreakerRegistry registry;
  private final IntPredicate failureStatus;
  private final Predicate<HttpResponse<Buffer>> failureWhen;
  /** The template new upstreams' guards are built with, and its number; swapped whole by {@link #reconfigure}. */
  private volatile Template template;
  private final int maxUpstreams;
  private final long evictAfterNanos;
  private final Clock clock;
  private final Listeners<UpstreamEvicted> evictions = new Listeners<>("guarded client");
  private final AtomicInteger created = new AtomicInteger();
  private final ConcurrentMap<String, Authority> authorities = new ConcurrentHashMap<>();
  /** This client's breakers in the order their authorities were first used. */
  private final CopyOnWriteArrayList<CircuitBreaker> breakers = new CopyOnWriteArrayList<>();

  public GuardedWebClientImpl(Vertx vertx, WebClient webClient, String name, CircuitBreakerRegistry registry,
      IntPredicate failureStatus, Predicate<HttpResponse<Buffer>> failureWhen,
      Consumer<GuardSpec<HttpResponse<Buffer>>> template, int maxUpstreams, Duration evictAfter, Clock clock) {
    this.evictAfterNanos = evictAfter.toNanos();
    this.clock = clock;
    this.failureWhen = failureWhen;
    this.maxUpstreams = maxUpstreams;
    this.vertx = vertx;
    this.webClient = webClient;
    this.name = name;
    this.registry = registry;
    this.failureStatus = failureStatus;
    this.template = new Template(1, template);
    ResetOnCancel.installOn(webClient);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public WebClient webClient() {
    return webClient;
  }

  @Override
  public Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request) {
    return send(request, null);
  }

  @Override
  public Future<HttpResponse<Buffer>> send(HttpRequest<Buffer> request,
      Function<Throwable, Future<HttpResponse<Buffer>>> fallback) {
    Authority authority;
    try {
      authority = enter(request);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    Operation<HttpResponse<Buffer>> once = attempt -> sendOnce(authority, request, attempt);
    Object key = keyOf(request, authority);
    Future<HttpResponse<Buffer>> result;
    if (key == null) {
      result = fallback == null
          ? authority.guard.executeAttempt(once)
          : authority.guard.executeAttempt(once, fallback);
    } else {
      result = fallback == null
          ? authority.guard.executeAttempt(key, once)
          : authority.guard.executeAttempt(key, once, fallback);
    }
    if (result.isComplete()) {
      authority.inFlight.decrementAndGet();
    } else {
      result.onComplete(authority);
    }
    if (result.isComplete() && result.succeeded()) {
      return result;
    }
    return result.recover(GuardedWebClientImpl::responseOf);
  }

  @Override
  public GuardedCall<HttpResponse<Buffer>> start(HttpRequest<Buffer> request,
      Function<Throwable, Future<HttpResponse<Buffer>>> fallback) {
    Authority authority;
    try {
      authority = enter(request);
    } catch (RuntimeException e) {
      return new Started(Future.failedFuture(e), null);
    }
    Operation<HttpResponse<Buffer>> once = attempt -> sendOnce(authority, request, attempt);
    Object key = keyOf(request, authority);
    GuardedCall<HttpResponse<Buffer>> call = key == null
        ? authority.guard.start(once, fallback)
        : authority.guard.start(key, once, fallback);
    Future<HttpResponse<Buffer>> result = call.future();
    result.onComplete(authority);
    return new Started(result.recover(GuardedWebClientImpl::responseOf), call);
  }

  /**
   * The authority {@code request} goes to, marked as used now and with one more call in flight; throws (a null
   * request, a refused new upstream) what the caller hands back as a failed future.
   */
  private Authority enter(HttpRequest<Buffer> request) {
    if (request == null) {
      throw new NullPointerException("request passed to guarded client '" + name + "' is null");
    }
    Authority authority = authority(request.host(), request.port());
    authority.lastUsedNanos = clock.nanoTime();
    authority.inFlight.incrementAndGet();
    return authority;
  }

  /** A started request: its outcome with failed responses turned back into responses, and its cancellation. */
  private record Started(Future<HttpResponse<Buffer>> future, GuardedCall<HttpResponse<Buffer>> call)
      implements GuardedCall<HttpResponse<Buffer>> {
    @Override
    public boolean cancel() {
      return call != null && call.cancel();
    }
  }

  /**
   * Safe reads carry their resource as the call's key (a stale-value policy remembers and coalesces by it); anything
   * else goes without one, so no policy ever replays or shares a write.
   */
  private static Object keyOf(HttpRequest<Buffer> request, Authority authority) {
    HttpMethod method = request.method();
    return method == HttpMethod.GET || method == HttpMethod.HEAD ? RequestKey.of(request, authority.key) : null;
  }

  private Future<HttpResponse<Buffer>> sendOnce(Authority authority, HttpRequest<Buffer> request, Attempt attempt) {
    Future<HttpResponse<Buffer>> sent = sendOnOwnContext(request, attempt);
    return sent.compose(response -> failed(response)
        ? Future.failedFuture(new FailedResponseException(authority.key, response))
        : Future.succeededFuture(response));
  }

  private boolean failed(HttpResponse<Buffer> response) {
    if (failureStatus.test(response.statusCode())) {
      return true;
    }
    try {
      return failureWhen != null && failureWhen.test(response);
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "failureWhen of guarded client '" + name + "' threw; the response"
          + " counts as a failure", e);
      return true;
    }
  }

  /**
   * Sends the attempt's request on a fresh duplicate of the caller's context that copies its context-local data.
   * The web client may write the request later, once a connection is free; by then the attempt's observer scope
   * has closed and the caller's context holds the caller's trace context again. On its own duplicate the request
   * keeps what was current when the attempt started — with tracing, the guard's span — so its HTTP client span is
   * a child of the guard span rather than a sibling.
   */
  private Future<HttpResponse<Buffer>> sendOnOwnContext(HttpRequest<Buffer> request, Attempt attempt) {
    ContextInternal current = ContextInternal.current();
    @SuppressWarnings("unchecked")
    Future<HttpResponse<Buffer>>[] sent = new Future[1];
    boolean intercepted;
    if (current == null) {
      intercepted = ResetOnCancel.sending(attempt, () -> sent[0] = request.send());
    } else {
      ContextInternal own = current.duplicate(true);
      ContextInternal previous = own.beginDispatch();
      try {
        intercepted = ResetOnCancel.sending(attempt, () -> sent[0] = request.send());
      } finally {
        own.endDispatch(previous);
      }
    }
    if (!intercepted) {
      // Never silently unprotected: a timeout could not reset this request, so the mistake fails at the first call.
      return Future.failedFuture(new IllegalArgumentException("guarded client '" + name + "': the request was not"
          + " created by its webClient(), so an abandoned attempt could not reset it; build requests with"
          + " client.webClient().get(..) (or post, put, ...), not with another WebClient"));
    }
    return sent[0];
  }

  /** A failed response that is still the outcome after the guard goes back to the caller as a response. */
  private static Future<HttpResponse<Buffer>> responseOf(Throwable failure) {
    return failure instanceof FailedResponseException failed
        ? Future.succeededFuture(failed.response())
        : Future.failedFuture(failure);
  }

  @Override
  public Guard<HttpResponse<Buffer>> guard(String host, int port) {
    return authority(host, port).guard;
  }

  private Authority authority(String host, int port) {
    String key = key(host, port);
    Authority existing = authorities.get(key);
    if (existing != null) {
      return existing;
    }
    if (created.incrementAndGet() % SWEEP_EVERY == 0 || authorities.size() >= maxUpstreams) {
      evictIdle();
    }
    if (authorities.size() >= maxUpstreams) {
      throw new IllegalStateException("guarded client '" + name + "' already guards " + maxUpstreams
          + " upstreams (maxUpstreams) and none has been idle for evictAfter; refusing a guard for " + key);
    }
    // Build outside the map's bin lock, then publish; only the winner of a race registers its guard, so registry
    // listeners (metrics binding, say) never run under the map's lock and may call back into this client.
    Template built = template;
    Authority created = new Authority(key, Guard.of(vertx, name + ":" + key, upstreamBlock(built.block)),
        clock.nanoTime(), built.number);
    Authority raced = authorities.putIfAbsent(key, created);
    if (raced != null) {
      return raced;
    }
    if (template != built) {
      // A reload published a new template while this guard was being built from the old one.
      catchUp();
    }
    for (Object policy : created.guard.policies()) {
      if (policy instanceof CircuitBreaker breaker) {
        breakers.addIfAbsent(breaker);
      }
    }
    try {
      registry.register(created.guard);
    } catch (RuntimeException clash) {
      // e.g. two clients of the same name sharing a registry: the guard still protects its calls, but say so once
      LOG.log(System.Logger.Level.WARNING, "guard '" + name + ":" + key + "' works but is not in the shared "
          + "breaker registry (health, metrics and dashboards will not see it): " + clash.getMessage());
    }
    return created;
  }

  private Consumer<GuardSpec<HttpResponse<Buffer>>> upstreamBlock(Consumer<GuardSpec<HttpResponse<Buffer>>> block) {
    return g -> {
      g.clock(clock).observer(registry.observer());
      block.accept(g);
    };
  }

  @Override
  public long generation() {
    return template.number;
  }

  @Override
  public synchronized long reconfigure(Consumer<GuardSpec<HttpResponse<Buffer>>> next) {
    Require.nonNull(next, "template");
    // Like build(): a template that configures a policy wrongly fails here, before any guard changed.
    Guard.of(vertx, name + ":template-check", next);
    Consumer<GuardSpec<HttpResponse<Buffer>>> block = upstreamBlock(next);
    Template previous = template;
    Template published = new Template(previous.number + 1, next);
    // Guards built from one template have one composition: a change one refuses, the first refuses, before any
    // guard or the template changed.
    for (Authority authority : authorities.values()) {
      authority.guard.reconfigure(block);
      authority.template = published.number;
    }
    template = published;
    catchUp();
    return published.number;
  }

  /** Reconfigures the guards built from an older template than the current one (met during a reload). */
  private synchronized void catchUp() {
    Template current = template;
    Consumer<GuardSpec<HttpResponse<Buffer>>> block = upstreamBlock(current.block);
    for (Authority authority : authorities.values()) {
      if (authority.template < current.number) {
        try {
          authority.guard.reconfigure(block);
          authority.template = current.number;
        } catch (RuntimeException refused) {
          LOG.log(System.Logger.Level.WARNING, "guard '" + authority.guard.name() + "' keeps its configuration: "
              + refused.getMessage());
        }
      }
    }
  }

  static String key(String host, int port) {
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("request host must not be empty, was " + (host == null ? "null" : "\"\""));
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
      h = "[" + h + "]";
    }
    return h + ":" + port;
  }

  @Override
  public List<CircuitBreaker> breakers() {
    return List.copyOf(breakers);
  }

  @Override
  public CircuitBreakerRegistry registry() {
    return registry;
  }

  @Override
  public String toString() {
    return "GuardedWebClient[" + name + ", " + authorities.keySet() + "]";
  }

  @Override
  public int evictIdle() {
    long now = clock.nanoTime();
    int evicted = 0;
    for (Authority authority : authorities.values()) {
      long idle = now - authority.lastUsedNanos;
      if (idle < evictAfterNanos || authority.inFlight.get() > 0 || !allClosed(authority.guard)) {
        continue;
      }
      if (!authorities.remove(authority.key, authority)) {
        continue;
      }
      for (Object policy : authority.guard.policies()) {
        if (policy instanceof CircuitBreaker breaker) {
          breakers.remove(breaker);
          registry.unregister(breaker);
        }
      }
      evicted++;
      if (!evictions.isEmpty()) {
        evictions.fire(new UpstreamEvicted(name, authority.key, Duration.ofNanos(idle)));
      }
    }
    return evicted;
  }

  private static boolean allClosed(Guard<?> guard) {
    for (Object policy : guard.policies()) {
      if (policy instanceof CircuitBreaker breaker && breaker.state() != CircuitState.CLOSED) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int upstreams() {
    return authorities.size();
  }

  @Override
  public Subscription onEvicted(Consumer<? super UpstreamEvicted> listener) {
    return evictions.add(listener);
  }

  /** A template and its number: 1 as built, one more for each accepted reload. */
  private record Template(long number, Consumer<GuardSpec<HttpResponse<Buffer>>> block) {
  }

  /**
   * One upstream and its guard, with what eviction looks at: the last use and the calls in flight (a late call on a
   * guard evicted a moment before still runs through it; the next one gets a fresh guard).
   */
  private static final class Authority implements Completable<HttpResponse<Buffer>> {
    final String key;
    final Guard<HttpResponse<Buffer>> guard;
    final AtomicInteger inFlight = new AtomicInteger();
    volatile long lastUsedNanos;
    /** The number of the client's template this guard runs. */
    volatile long template;

    Authority(String key, Guard<HttpResponse<Buffer>> guard, long now, long template) {
      this.key = key;
      this.guard = guard;
      this.lastUsedNanos = now;
      this.template = template;
    }

    @Override
    public void complete(HttpResponse<Buffer> result, Throwable failure) {
      inFlight.decrementAndGet();
    }
  }
}
