package dev.fusebox.vertx.client;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.on;
import static dev.fusebox.testing.Await.result;
import static java.time.Duration.ofMillis;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.testing.ManualClock;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Hedging over real loopback HTTP: the first request hangs, the hedge answers, the hung request is reset. */
@ExtendWith(VertxExtension.class)
class HedgedWebClientTest {

  @Test
  void the_hedge_answers_and_the_hung_request_is_reset(Vertx vertx) {
    // given an upstream whose first request hangs and whose later ones answer
    AtomicInteger requests = new AtomicInteger();
    Promise<Void> firstArrived = Promise.promise();
    Promise<Void> firstClosed = Promise.promise();
    HttpServer server = result(vertx.createHttpServer().requestHandler(req -> {
      if (requests.incrementAndGet() == 1) {
        req.connection().closeHandler(v -> firstClosed.tryComplete());
        firstArrived.tryComplete();
        return;
      }
      req.response().end("from the hedge");
    }).listen(0, "127.0.0.1"));
    WebClient webClient = WebClient.create(vertx);
    ManualClock clock = new ManualClock();
    GuardedWebClient client = GuardedWebClient.create(vertx, webClient, g -> g.clock(clock)
        .hedge(h -> h.maxHedgedAttempts(1).delay(ofMillis(50))));
    Context context = vertx.getOrCreateContext();

    // when the first request hangs past the hedge delay
    Future<HttpResponse<Buffer>> response =
        call(context, () -> client.send(webClient.get(server.actualPort(), "127.0.0.1", "/users/1")));
    result(firstArrived.future());
    on(context, () -> clock.advance(ofMillis(50)));

    // then the hedge answers and the hung request's connection is reset
    assertThat(result(response).bodyAsString()).isEqualTo("from the hedge");
    result(firstClosed.future());
    assertThat(requests.get()).isEqualTo(2);
    webClient.close();
    result(server.close());
  }
}
