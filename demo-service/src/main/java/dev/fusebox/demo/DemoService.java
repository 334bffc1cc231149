package dev.fusebox.demo;

import dev.fusebox.GuardSpec;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.demo.config.ConfigWatch;
import dev.fusebox.demo.config.DemoConfig;
import dev.fusebox.demo.config.UpstreamUrl;
import dev.fusebox.demo.dashboard.BreakerView;
import dev.fusebox.demo.dashboard.Dashboard;
import dev.fusebox.demo.dashboard.FaultControls;
import dev.fusebox.demo.dashboard.OutcomeLog;
import dev.fusebox.demo.server.ClientErrors;
import dev.fusebox.demo.server.ServerHardening;
import dev.fusebox.demo.telemetry.BreakerGauges;
import dev.fusebox.demo.telemetry.MetricsServer;
import dev.fusebox.demo.telemetry.Telemetry;
import dev.fusebox.demo.upstream.FaultAdmin;
import dev.fusebox.vertx.fleet.FleetBreakers;
import dev.fusebox.vertx.fleet.FleetOptions;
import dev.fusebox.demo.upstream.SimulatedUserApi;
import dev.fusebox.demo.users.UserResponses;
import dev.fusebox.demo.users.UserRoutes;
import dev.fusebox.spi.Clock;
import dev.fusebox.stale.StaleValue;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import dev.fusebox.vertx.client.GuardedWebClient;
import dev.fusebox.vertx.config.GuardReload;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.vertx.health.BreakerHealthCheck;
import dev.fusebox.vertx.telemetry.FuseboxMetrics;
import dev.fusebox.vertx.telemetry.FuseboxTracing;
import dev.fusebox.vertx.web.Problem;
import io.opentelemetry.api.OpenTelemetry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The demo service: the public HTTP server ({@code /users/{id}}, {@code /health}, {@code /ready}, {@code /breakers},
 * {@code /dashboard}), the Prometheus server, without {@code userApi.url} the embedded simulated user API, and the
 * fleet's breaker controls ({@link FleetBreakers}) when Vert.x is clustered or {@code admin.enabled} is set: with
 * the latter on a loopback admin port, beside the fault controls of the embedded API.
 *
 * <p>{@link #start} brings everything up; {@link #shutdown()} drains it: readiness turns {@code 503}, dashboard
 * streams end and every response closes its connection ({@code Connection: close}) for {@code shutdown.readyDelay};
 * then the HTTP server stops accepting and waits up to {@code shutdown.timeout} for in-flight requests, and the rest
 * closes. The Vert.x instance and the telemetry belong to the caller.
 *
 * <p>Thread-safe: started once; {@link #shutdown()} may be called from any thread, any number of times.
 */
public final class DemoService {

  /** The name of the guarded client; breakers are named {@code user-api:<host>:<port>}. */
  public static final String CLIENT_NAME = "user-api";

  private static final System.Logger LOG = System.getLogger(DemoService.class.getName());

  private final Vertx vertx;
  private final DemoConfig config;
  private final Telemetry telemetry;
  private final Clock clock;
  private final AtomicBoolean ready = new AtomicBoolean();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
  private final OutcomeLog outcomes = new OutcomeLog();
  private SimulatedUserApi simulated;
  private FaultAdmin faultAdmin;
  private FleetBreakers fleet;
  private MetricsServer metricsServer;
  private HttpServer httpServer;
  private Dashboard dashboard;
  private ServerHardening hardening;
  private FuseboxMetrics fuseboxMetrics;
  private BreakerGauges breakerGauges;
  private WebClient webClient;
  private GuardedWebClient client;
  private StaleValue<HttpResponse<Buffer>> users;
  private ConfigWatch configWatch;
  private UpstreamUrl upstream;
  private int httpPort = -1;
  private int metricsPort = -1;
  private int adminPort = -1;
  private final AtomicReference<Future<Void>> shutdown = new AtomicReference<>();

  private DemoService(Vertx vertx, DemoConfig config, Telemetry telemetry, Clock clock) {
    this.vertx = vertx;
    this.config = config;
    this.telemetry = telemetry;
    this.clock = clock;
  }

  /**
   * Starts the service on {@code vertx} (built with the telemetry's tracer for end-to-end traces) with the guard's
   * timers and windows on {@code clock}.
   *
   * <p>The future fails with an {@link IllegalArgumentException} naming the {@code userApi.guard} key that is wrong.
   */
  public static Future<DemoService> start(Vertx vertx, DemoConfig config, Telemetry telemetry, Clock clock) {
    DemoService service = new DemoService(vertx, config, telemetry, clock);
    Future<DemoService> started;
    try {
      started = service.startUpstream().compose(url -> service.startServers(url)).map(v -> service);
    } catch (RuntimeException e) {
      started = Future.failedFuture(e);
    }
    return started.recover(failure -> service.shutdown().transform(ignored -> Future.failedFuture(failure)));
  }

  private Future<UpstreamUrl> startUpstream() {
    Future<UpstreamUrl> upstream;
    if (config.embeddedUpstream()) {
      simulated = new SimulatedUserApi(vertx);
      upstream = simulated.start().map(port -> new UpstreamUrl(false, "127.0.0.1", port, ""));
    } else {
      upstream = Future.succeededFuture(config.userApiUrl());
    }
    return upstream.compose(url -> startFleet().map(url));
  }

  /**
   * The fleet on this Vert.x's event bus, when the demo is clustered (every replica's bus) or the admin endpoint is
   * on (a local fleet of one otherwise); the admin endpoint, with the fault controls only for the embedded API.
   */
  private Future<Void> startFleet() {
    if (!vertx.isClustered() && !config.adminEnabled()) {
      return Future.succeededFuture();
    }
    return FleetBreakers.start(vertx, registry, FleetOptions.defaults().withClock(clock)).compose(started -> {
      fleet = started;
      if (!config.adminEnabled()) {
        return Future.succeededFuture();
      }
      faultAdmin = new FaultAdmin(vertx, simulated, started);
      return faultAdmin.start(config.adminPort()).map(port -> {
        adminPort = port;
        return null;
      });
    });
  }

  private Future<Void> startServers(UpstreamUrl url) {
    this.upstream = url;
    OpenTelemetry otel = telemetry.openTelemetry();
    fuseboxMetrics = FuseboxMetrics.create(otel);
    fuseboxMetrics.bind(registry);
    breakerGauges = new BreakerGauges(otel.getMeter("dev.fusebox.demo"), registry::breakers);
    FuseboxTracing tracing = FuseboxTracing.create(otel);
    GuardConfig guard = GuardConfig.parse(config.guard(), "userApi.guard");
    webClient = WebClient.create(vertx,
        new WebClientOptions().setUserAgent("fusebox-demo").setKeepAlive(true),
        new PoolOptions().setHttp1MaxSize(64));
    // One stale-value policy for the client: a reload re-runs the template and keeps this instance, so the
    // remembered users and the lookups in flight survive it.
    users = UserResponses.staleValue(config.cacheMaxSize(), config.cacheTtl(), config.serveStaleAfter(), clock);
    client = GuardedWebClient.builder(vertx, webClient)
        .name(CLIENT_NAME)
        .registry(registry)
        // Judges the body inside each attempt, so a malformed 200 is a failure the breaker counts.
        .failureWhen(UserResponses::malformed)
        .template(observed(guard, tracing))
        .build();
    if (config.configFile() != null) {
      // The Helm ConfigMap update path: a changed userApi.guard reconfigures the guard in place, state kept. The
      // whole template again (clock, observers), since upstreams met after the reload are built from it.
      configWatch = ConfigWatch.start(vertx, config, changed -> client.reconfigure(observed(changed, tracing)));
    }
    // Build the upstream's guard now, so its breaker is on /breakers and the dashboard before the first call.
    client.guard(url.host(), url.port());

    hardening = new ServerHardening(vertx, config.headerTimeout(), config.idleTimeout(), stopping::get);
    Router router = Router.router(vertx);
    router.route().handler(hardening.routeHandler());
    router.route("/").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.redirect("/dashboard"));
    mountHealth(router);
    router.route("/breakers").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(breakersJson().encode()));
    dashboard = new Dashboard(vertx, registry::breakers, outcomes, Duration.ofMillis(250),
        config.maxDashboardSubscribers(), faultAdmin == null || simulated == null ? null
            : new FaultControls(simulated));
    String breakerName = client.breakers().isEmpty() ? CLIENT_NAME : client.breakers().get(0).name();
    new UserRoutes(client, url, outcomes, otel.getMeter("dev.fusebox.demo"), dashboard.statsOf(breakerName))
        .mount(router);
    dashboard.mount(router);
    ClientErrors.mount(router);
    router.route().failureHandler(ctx -> {
      int status = ctx.statusCode() >= 400 && ctx.statusCode() <= 599 ? ctx.statusCode() : 500;
      if (status == 500) {
        LOG.log(System.Logger.Level.ERROR, "request " + ctx.request().path() + " failed", ctx.failure());
      }
      Problem.of(status, status == 500 ? "Unexpected error." : null).send(ctx);
    });

    httpServer = vertx.createHttpServer(hardening.apply(new HttpServerOptions()
        .setHost(config.httpHost()).setPort(config.httpPort())));
    Future<Integer> http = hardening.install(httpServer, router).listen().map(HttpServer::actualPort);
    Future<Integer> metrics;
    if (telemetry.prometheus() != null) {
      metricsServer = new MetricsServer(vertx, telemetry.prometheus());
      metrics = metricsServer.start(config.metricsHost(), config.metricsPort());
    } else {
      metrics = Future.succeededFuture(-1);
    }
    return Future.all(http, metrics).map(all -> {
      httpPort = http.result();
      metricsPort = metrics.result();
      ready.set(true);
      LOG.log(System.Logger.Level.INFO, "fusebox demo listening on http://{0}:{1,number,#} (dashboard at"
          + " /dashboard), metrics on port {2,number,#}, upstream {3}{4}{5}", config.httpHost(), httpPort,
          metricsPort, url, config.embeddedUpstream() ? " (embedded simulated API)" : "",
          fleet == null ? "" : ", fleet node " + fleet.nodeId() + (vertx.isClustered() ? " (clustered)" : ""));
      return null;
    });
  }

  /**
   * The upstream guard's composition around {@code guard}: the stale value outermost, then the latency budget, which
   * bounds the retries and their delays; a lookup of a remembered user still waiting at {@code serveStaleAfter} (a
   * little before the deadline, so the answer leaves within the budget) is served it, and so is one failing sooner
   * (stale-if-error within the budget); concurrent lookups of one user share one upstream request. A guard that
   * does not retry but has a timeout of its own is bounded by that timeout already: a second one right around it
   * would be dead (the shorter always wins), and the guard refuses the pair.
   */
  private Consumer<GuardSpec<HttpResponse<Buffer>>> observed(GuardConfig guard, FuseboxTracing tracing) {
    return g -> template(guard).accept(g.clock(clock).observer(tracing).observer(fuseboxMetrics));
  }

  private Consumer<GuardSpec<HttpResponse<Buffer>>> template(GuardConfig guard) {
    return g -> {
      g.stale(users);
      if (guard.order().contains("retry") || !guard.order().contains("timeout")) {
        g.timeout(config.deadline());
      }
      guard.applyTo(g);
    };
  }

  /**
   * {@code GET /breakers}: each breaker with the configuration generation its guard runs (1 as started, one more for
   * each reload of {@code userApi.guard} applied) and, in a fleet, the other nodes reporting it open; what the last
   * reload did; and this node's place in the fleet.
   */
  private JsonObject breakersJson() {
    JsonArray breakers = BreakerView.toJson(registry.breakers());
    long generation = client.generation();
    for (int i = 0; i < breakers.size(); i++) {
      JsonObject breaker = breakers.getJsonObject(i).put("generation", generation);
      if (fleet != null) {
        breaker.put("fleetOpen", new JsonArray(fleet.view(breaker.getString("name")).openNodes()));
      }
    }
    JsonObject reload = new JsonObject().put("generation", generation)
        .put("watching", config.configFile() != null);
    GuardReload last = configWatch == null ? null : configWatch.last();
    if (last != null && !last.applied()) {
      reload.put("refused", last.error().getMessage());
    }
    JsonObject fleetJson = new JsonObject().put("clustered", vertx.isClustered());
    if (fleet != null) {
      fleetJson.put("node", fleet.nodeId());
    }
    return new JsonObject().put("breakers", breakers).put("config", reload).put("fleet", fleetJson);
  }

  private void mountHealth(Router router) {
    HealthChecks live = HealthChecks.create(vertx);
    live.register("process", promise -> promise.complete(Status.OK()));
    BreakerHealthCheck.of(registry).registerIn(live);
    router.route("/health").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(HealthCheckHandler.createWithHealthChecks(live));
    HealthChecks readiness = HealthChecks.create(vertx);
    readiness.register("serving", promise -> promise.complete(ready.get() && !stopping.get()
        ? Status.OK()
        : Status.KO(new JsonObject().put("reason", stopping.get() ? "shutting down" : "starting"))));
    router.route("/ready").method(HttpMethod.GET).method(HttpMethod.HEAD)
        .handler(HealthCheckHandler.createWithHealthChecks(readiness));
  }

  /**
   * Drains and stops the service: readiness goes down, dashboard streams end, the HTTP server stops accepting and
   * waits up to {@code shutdown.timeout} for in-flight requests, then the other servers close. Idempotent.
   */
  public Future<Void> shutdown() {
    Promise<Void> promise = Promise.promise();
    if (shutdown.compareAndSet(null, promise.future())) {
      drain().onComplete(promise);
    }
    return shutdown.get();
  }

  private Future<Void> drain() {
    // From now on /ready fails and every response closes its connection; the listener stays open readyDelay
    // longer, so load balancers stop routing here while keep-alive clients are still answered.
    stopping.set(true);
    if (dashboard != null) {
      dashboard.close();
    }
    long readyDelay = config.readyDelay().toMillis();
    Future<Void> unready = httpServer == null || readyDelay == 0 ? Future.succeededFuture()
        : vertx.timer(readyDelay, TimeUnit.MILLISECONDS).mapEmpty();
    long millis = config.shutdownTimeout().toMillis();
    Future<Void> http = unready.compose(v -> httpServer == null ? Future.succeededFuture()
        : httpServer.shutdown(millis, TimeUnit.MILLISECONDS));
    return http.eventually(() -> {
      List<Future<Void>> rest = new java.util.ArrayList<>();
      if (metricsServer != null) {
        rest.add(metricsServer.stop());
      }
      if (faultAdmin != null) {
        rest.add(faultAdmin.stop());
      }
      if (fleet != null) {
        rest.add(fleet.close());
      }
      if (simulated != null) {
        rest.add(simulated.stop());
      }
      if (configWatch != null) {
        rest.add(configWatch.close());
      }
      if (webClient != null) {
        webClient.close();
      }
      if (fuseboxMetrics != null) {
        fuseboxMetrics.close();
      }
      if (breakerGauges != null) {
        breakerGauges.close();
      }
      return Future.join(rest);
    }).mapEmpty();
  }

  /** The port of the public HTTP server. */
  public int httpPort() {
    return httpPort;
  }

  /** The port of the Prometheus server, or -1 when the telemetry has no Prometheus reader. */
  public int metricsPort() {
    return metricsPort;
  }

  /** The port of the admin endpoint (fault and fleet controls), or -1 when it is off. */
  public int adminPort() {
    return adminPort;
  }

  /** The upstream the guarded client calls. */
  public UpstreamUrl upstream() {
    return upstream;
  }

  /** The circuit breakers of the upstreams. */
  public List<CircuitBreaker> breakers() {
    return registry.breakers();
  }

  /** The stale-value policy of the user API's guard: remembered users, coalesced lookups. */
  public StaleValue<HttpResponse<Buffer>> users() {
    return users;
  }

  /** This node's part in the fleet, or null when Vert.x is not clustered and {@code admin.enabled} is off. */
  public FleetBreakers fleet() {
    return fleet;
  }

  /** The embedded simulated API, or null when {@code userApi.url} is set. */
  public SimulatedUserApi simulatedApi() {
    return simulated;
  }

  /** The dashboard, for its subscriber count. */
  public Dashboard dashboard() {
    return dashboard;
  }
}
