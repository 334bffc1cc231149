package dev.fusebox.demo.upstream;

import dev.fusebox.demo.server.ClientErrors;
import dev.fusebox.vertx.fleet.FleetBreakers;
import dev.fusebox.vertx.web.Problem;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.regex.Pattern;

/**
 * The demo's admin endpoint: the fault controls of the simulated user API and the fleet's breaker controls. It is
 * started only when {@code admin.enabled} is true and always binds 127.0.0.1, so faults can be injected and breakers
 * forced from the pod or the laptop, never from the network. With {@code userApi.url} set there is no simulated API,
 * and only the fleet routes exist.
 *
 * <ul>
 *   <li>{@code GET /admin/faults}: the faults in force, as JSON (embedded API only, as the two below);</li>
 *   <li>{@code PUT /admin/faults}: replaces them, e.g. {@code {"errorRate": 1}} or
 *       {@code {"latency": "300ms", "hangRate": 0.1}}; absent fields are zero;</li>
 *   <li>{@code DELETE /admin/faults}: back to no fault;</li>
 *   <li>{@code POST /fleet/breakers/{name}/force-open}, {@code .../disable}, {@code .../reset}: that breaker's manual
 *       control on every replica of the fleet ({@link FleetBreakers}), answering {@code 202} with what was sent;
 *       a name or action that is not valid is a {@code 400} problem.</li>
 * </ul>
 *
 * <p>Thread-safe: its only state is the server handle, set once by {@link #start}.
 */
public final class FaultAdmin {

  private static final System.Logger LOG = System.getLogger(FaultAdmin.class.getName());

  /** Breaker names as the demo makes them (a guard name, an upstream host:port), at most 200 characters. */
  private static final Pattern BREAKER_NAME = Pattern.compile("[A-Za-z0-9._:\\-]{1,200}");

  private final Vertx vertx;
  private final SimulatedUserApi api;
  private final FleetBreakers fleet;
  private HttpServer server;

  /**
   * Creates the endpoint controlling {@code api} (null when the demo calls a real user API: no fault routes) and,
   * through {@code fleet}, the fleet's breakers.
   */
  public FaultAdmin(Vertx vertx, SimulatedUserApi api, FleetBreakers fleet) {
    this.vertx = vertx;
    this.api = api;
    this.fleet = fleet;
  }

  /** Binds 127.0.0.1:{@code port} (0 picks a free port) and returns the port bound. */
  public Future<Integer> start(int port) {
    Router router = Router.router(vertx);
    if (api != null) {
      router.route("/admin/*").handler(BodyHandler.create().setBodyLimit(4096));
      router.get("/admin/faults").handler(this::get);
      router.put("/admin/faults").handler(this::put);
      router.delete("/admin/faults").handler(ctx -> {
        api.faults(Faults.NONE);
        get(ctx);
      });
    }
    router.post("/fleet/breakers/:name/:action").handler(this::fleet);
    ClientErrors.mount(router);
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port));
    return server.requestHandler(router).listen().map(s -> {
      if (api != null) {
        LOG.log(System.Logger.Level.WARNING, "fault controls enabled on http://127.0.0.1:{0,number,#}/admin/faults"
            + " (loopback only)", s.actualPort());
      }
      LOG.log(System.Logger.Level.INFO, "fleet breaker controls on http://127.0.0.1:{0,number,#}/fleet/breakers/"
          + "<name>/force-open|disable|reset (loopback only)", s.actualPort());
      return s.actualPort();
    });
  }

  /** Closes the endpoint. */
  public Future<Void> stop() {
    return server == null ? Future.succeededFuture() : server.close();
  }

  private void get(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(api.faults().toJson().encode());
  }

  private void put(RoutingContext ctx) {
    Faults faults;
    try {
      String text = ctx.body().asString();
      faults = Faults.fromJson(text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
    } catch (DecodeException | ClassCastException e) {
      Problem.of(400, "The body must be a JSON object: " + e.getMessage()).send(ctx);
      return;
    } catch (IllegalArgumentException e) {
      Problem.of(400, e.getMessage()).send(ctx);
      return;
    }
    api.faults(faults);
    get(ctx);
  }

  private void fleet(RoutingContext ctx) {
    String name = ctx.pathParam("name");
    String action = ctx.pathParam("action");
    if (name == null || !BREAKER_NAME.matcher(name).matches()) {
      Problem.of(400, "name must be 1 to 200 of A-Z a-z 0-9 . _ : -, was \"" + name + "\"").send(ctx);
      return;
    }
    switch (action) {
      case "force-open" -> fleet.forceOpen(name);
      case "disable" -> fleet.disable(name);
      case "reset" -> fleet.reset(name);
      default -> {
        Problem.of(400, "action must be one of force-open, disable, reset, was \"" + action + "\"").send(ctx);
        return;
      }
    }
    ctx.response().setStatusCode(202).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(new JsonObject().put("breaker", name).put("action", action).put("node", fleet.nodeId()).encode());
  }
}
