package dev.fusebox.vertx.web;

import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class GuardedHandlerTest {

  private final ManualClock clock = new ManualClock();
  private Vertx vertx;
  private Router router;
  private HttpServer server;
  private WebClient client;

  @BeforeEach
  void setUp(Vertx vertx) {
    this.vertx = vertx;
    this.router = Router.router(vertx);
    this.client = WebClient.create(vertx);
  }

  @AfterEach
  void tearDown() {
    client.close();
    if (server != null) {
      result(server.close());
    }
  }

  private void listen() {
    server = result(vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .requestHandler(router).listen());
  }

  private HttpResponse<Buffer> get(String path) {
    return result(client.get(server.actualPort(), "127.0.0.1", path).send());
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String type, String title,
      String instance) {
    assertThat(response.statusCode()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getString("type")).isEqualTo(type);
    assertThat(body.getString("title")).isEqualTo(title);
    assertThat(body.getInteger("status")).isEqualTo(status);
    assertThat(body.getString("instance")).isEqualTo(instance);
    assertThat(body.getString("detail")).isNotBlank();
  }

  @Test
  void a_success_goes_to_the_responder() {
    Guard<String> guard = Guard.of(vertx, "greeting", g -> g.timeout(ofSeconds(5)));
    router.get("/hello").handler(GuardedHandler.of(guard, ctx -> Future.succeededFuture("hello"),
        (ctx, value) -> ctx.response().end(value)));
    listen();
    HttpResponse<Buffer> response = get("/hello");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsString()).isEqualTo("hello");
  }

  @Test
  void an_open_breaker_is_a_503_problem_with_retry_after_in_whole_seconds_rounded_up() {
    // given a breaker opened 10.5 s ago for 30 s
    CircuitBreaker breaker = CircuitBreaker.of("users", cb -> cb.clock(clock).minimumCalls(1).countWindow(1)
        .openFor(ofSeconds(30)));
    Guard<String> guard = Guard.of(vertx, "users", g -> g.clock(clock).circuitBreaker(breaker));
    router.get("/users/:id").handler(GuardedHandler.of(guard,
        ctx -> Future.failedFuture(new IllegalStateException("down")), (ctx, v) -> ctx.end(v)));
    listen();
    get("/users/1");
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    clock.advance(ofMillis(10_500));
    // when
    HttpResponse<Buffer> response = get("/users/2");
    // then
    assertProblem(response, 503, Problem.TYPE_CIRCUIT_OPEN, "Service Unavailable", "/users/2");
    assertThat(response.getHeader("Retry-After")).isEqualTo("20");
    assertThat(response.bodyAsJsonObject().getString("detail"))
        .isEqualTo("The circuit breaker 'users' is open after too many failures; calls are refused to let the"
            + " dependency recover. Retry after 20 s.");
  }

  @Test
  void a_forced_open_breaker_says_so_and_still_sends_retry_after_of_at_least_one_second() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("maintenance");
    breaker.forceOpen();
    Guard<String> guard = Guard.of(vertx, "orders", g -> g.circuitBreaker(breaker));
    router.get("/orders").handler(GuardedHandler.of(guard, ctx -> Future.succeededFuture("x"), (c, v) -> c.end(v)));
    listen();
    HttpResponse<Buffer> response = get("/orders");
    assertProblem(response, 503, Problem.TYPE_CIRCUIT_OPEN, "Service Unavailable", "/orders");
    assertThat(response.getHeader("Retry-After")).isEqualTo("1");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains("was forced open");
  }

  @Test
  void a_timeout_is_a_504_problem_naming_the_guard_and_the_duration() {
    Guard<String> guard = Guard.of(vertx, "reports", g -> g.clock(clock).timeout(ofMillis(800)));
    Promise<Void> started = Promise.promise();
    Context[] handlerContext = new Context[1];
    router.get("/report").handler(GuardedHandler.of(guard, ctx -> {
      handlerContext[0] = Vertx.currentContext();
      started.tryComplete();
      return Promise.<String>promise().future();
    }, (ctx, v) -> ctx.end(v)));
    listen();
    Future<HttpResponse<Buffer>> response = client.get(server.actualPort(), "127.0.0.1", "/report").send();
    result(started.future());
    on(handlerContext[0], () -> clock.advance(ofMillis(800)));
    HttpResponse<Buffer> answered = result(response);
    assertProblem(answered, 504, Problem.TYPE_TIMEOUT, "Gateway Timeout", "/report");
    assertThat(answered.getHeader("Retry-After")).isNull();
    assertThat(answered.bodyAsJsonObject().getString("detail"))
        .isEqualTo("The guard 'reports' gave up after 800ms without an answer.");
  }

  @Test
  void a_full_bulkhead_is_a_429_problem() {
    Guard<String> guard = Guard.of(vertx, "exports", g -> g.bulkhead(b -> b.maxConcurrentCalls(1)));
    Promise<String> first = Promise.promise();
    Promise<Void> firstStarted = Promise.promise();
    router.get("/export").handler(GuardedHandler.of(guard, ctx -> {
      firstStarted.tryComplete();
      return first.future();
    }, (ctx, v) -> ctx.end(v)));
    listen();
    Future<HttpResponse<Buffer>> holding = client.get(server.actualPort(), "127.0.0.1", "/export").send();
    result(firstStarted.future());
    HttpResponse<Buffer> rejected = get("/export");
    assertProblem(rejected, 429, Problem.TYPE_BULKHEAD_FULL, "Too Many Requests", "/export");
    assertThat(rejected.getHeader("Retry-After")).isEqualTo("1");
    assertThat(rejected.bodyAsJsonObject().getString("detail"))
        .isEqualTo("The bulkhead 'exports' is full: 1 concurrent calls and 0 waiting.");
    first.complete("done");
    assertThat(result(holding).bodyAsString()).isEqualTo("done");
  }

  @Test
  void a_rate_limited_call_is_a_429_problem_with_the_time_to_the_next_permit() {
    Guard<String> guard = Guard.of(vertx, "search", g -> g.clock(clock)
        .rateLimiter(l -> l.rate(1, ofSeconds(10))));
    router.get("/search").handler(GuardedHandler.of(guard, ctx -> Future.succeededFuture("found"),
        (ctx, v) -> ctx.end(v)));
    listen();
    assertThat(get("/search").statusCode()).isEqualTo(200);
    clock.advance(ofMillis(500));
    HttpResponse<Buffer> limited = get("/search");
    assertProblem(limited, 429, Problem.TYPE_RATE_LIMITED, "Too Many Requests", "/search");
    assertThat(limited.getHeader("Retry-After")).isEqualTo("10");
  }

  @Test
  void any_other_failure_goes_to_the_routers_failure_handling() {
    Guard<String> guard = Guard.of(vertx, "x", g -> g.timeout(ofSeconds(5)));
    router.get("/boom").handler(GuardedHandler.of(guard,
        ctx -> Future.failedFuture(new IllegalStateException("boom")), (ctx, v) -> ctx.end(v)));
    router.get("/bad-responder").handler(GuardedHandler.of(guard, ctx -> Future.succeededFuture("v"),
        (ctx, v) -> {
          throw new IllegalArgumentException("cannot render");
        }));
    router.route().failureHandler(ctx -> ctx.response().setStatusCode(500)
        .end("handled: " + ctx.failure().getMessage()));
    listen();
    assertThat(get("/boom").bodyAsString()).isEqualTo("handled: boom");
    assertThat(get("/bad-responder").bodyAsString()).isEqualTo("handled: cannot render");
  }

  @Test
  void a_wrapped_handler_counts_5xx_responses_as_breaker_failures_and_is_refused_once_the_breaker_opens() {
    CircuitBreaker breaker = CircuitBreaker.of("legacy", cb -> cb.minimumCalls(2).countWindow(2).failureRate(0.75));
    Guard<Void> guard = Guard.of(vertx, "legacy", g -> g.circuitBreaker(breaker));
    int[] calls = new int[1];
    router.get("/legacy/:status").handler(GuardedHandler.wrap(guard, ctx -> {
      calls[0]++;
      ctx.response().setStatusCode(Integer.parseInt(ctx.pathParam("status"))).end("legacy");
    }));
    listen();
    assertThat(get("/legacy/404").statusCode()).isEqualTo(404);
    assertThat(get("/legacy/200").statusCode()).isEqualTo(200);
    assertThat(breaker.metrics().failedCalls()).isZero();
    assertThat(get("/legacy/500").bodyAsString()).isEqualTo("legacy");
    assertThat(get("/legacy/502").statusCode()).isEqualTo(502);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    HttpResponse<Buffer> refused = get("/legacy/200");
    assertProblem(refused, 503, Problem.TYPE_CIRCUIT_OPEN, "Service Unavailable", "/legacy/200");
    assertThat(calls[0]).isEqualTo(4);
  }

  @Test
  void wrapping_a_handler_in_a_guard_that_retries_is_refused_because_the_handler_would_run_twice() {
    Guard<Void> retrying = Guard.of(vertx, "orders", g -> g.retry(r -> r.maxAttempts(2)));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GuardedHandler.wrap(retrying, ctx -> ctx.end()))
        .isInstanceOf(dev.fusebox.ValidationException.class)
        .hasMessageContaining("must not retry in GuardedHandler.wrap")
        .hasMessageContaining("use GuardedHandler.of(guard, operation, responder)");
  }

  @Test
  void a_wrapped_handler_that_throws_fails_the_route() {
    Guard<Void> guard = Guard.of(vertx, "legacy", g -> g.timeout(ofSeconds(5)));
    router.get("/throws").handler(GuardedHandler.wrap(guard, ctx -> {
      throw new IllegalStateException("handler bug");
    }));
    router.route().failureHandler(ctx -> ctx.response().setStatusCode(500).end(ctx.failure().getMessage()));
    listen();
    HttpResponse<Buffer> response = get("/throws");
    assertThat(response.statusCode()).isEqualTo(500);
    assertThat(response.bodyAsString()).isEqualTo("handler bug");
  }

  @Test
  void the_failure_handler_answers_fusebox_failures_passed_to_ctx_fail_and_passes_on_the_rest() {
    CircuitBreaker breaker = CircuitBreaker.ofDefaults("inventory");
    breaker.forceOpen();
    Guard<String> guard = Guard.of(vertx, "inventory", g -> g.circuitBreaker(breaker));
    router.get("/stock").handler(ctx -> guard.execute(() -> Future.succeededFuture("12"))
        .onSuccess(ctx::end).onFailure(ctx::fail));
    router.get("/other").handler(ctx -> ctx.fail(new IllegalStateException("not ours")));
    router.route().failureHandler(GuardedHandler.failureHandler());
    router.route().failureHandler(ctx -> ctx.response().setStatusCode(500).end("fallthrough"));
    listen();
    assertProblem(get("/stock"), 503, Problem.TYPE_CIRCUIT_OPEN, "Service Unavailable", "/stock");
    assertThat(get("/other").bodyAsString()).isEqualTo("fallthrough");
  }

  @Test
  void problem_is_reusable_for_the_applications_own_errors() {
    router.get("/users/:id").handler(ctx -> Problem.of(400, "Invalid user id",
        "id must be 1 to 64 letters, digits, '-' or '_', was \"" + ctx.pathParam("id") + "\"").send(ctx));
    router.get("/missing").handler(ctx -> Problem.of(404, "no user 7").withType("urn:demo:no-user")
        .withInstance("/users/7").withRetryAfter(Duration.ofMillis(1500)).send(ctx));
    listen();
    HttpResponse<Buffer> invalid = get("/users/a.b");
    assertProblem(invalid, 400, Problem.TYPE_BLANK, "Invalid user id", "/users/a.b");
    assertThat(invalid.bodyAsJsonObject().getString("detail"))
        .isEqualTo("id must be 1 to 64 letters, digits, '-' or '_', was \"a.b\"");
    HttpResponse<Buffer> missing = get("/missing");
    assertProblem(missing, 404, "urn:demo:no-user", "Not Found", "/users/7");
    assertThat(missing.getHeader("Retry-After")).isEqualTo("2");
    assertThat(missing.bodyAsJsonObject().fieldNames()).containsExactly("type", "title", "status", "detail",
        "instance");
  }

  @Test
  void problem_validates_its_status_and_title() {
    assertThatThrownBy(() -> Problem.of(200, "OK", "fine")).hasMessage("status must be in [400, 599], was 200");
    assertThatThrownBy(() -> Problem.of(400, " ", "x")).hasMessage("title must not be blank, was \" \"");
    assertThat(Problem.forFailure(new IllegalStateException())).isEmpty();
  }
}
