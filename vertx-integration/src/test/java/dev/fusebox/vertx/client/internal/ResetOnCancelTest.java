package dev.fusebox.vertx.client.internal;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.spi.AttemptScope;
import dev.fusebox.vertx.testing.Upstream;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ResetOnCancelTest {

  @Test
  void a_request_whose_attempt_was_cancelled_while_connecting_is_never_sent(Vertx vertx) {
    // given
    Upstream upstream = result(Upstream.start(vertx));
    WebClient client = WebClient.create(vertx);
    ResetOnCancel.installOn(client);
    AttemptScope attempt = AttemptScope.ROOT.child(1);
    attempt.cancel();
    Context context = vertx.getOrCreateContext();
    // when
    Throwable failure = failure(call(context, () -> {
      List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
      boolean intercepted = ResetOnCancel.sending(attempt,
          () -> sent.add(client.get(upstream.port(), "127.0.0.1", "/ok").send()));
      assertThat(intercepted).isTrue();
      return sent.get(0);
    }));
    // then
    assertThat(failure).isInstanceOf(CancellationException.class)
        .hasMessage("attempt 1 was cancelled before its request was sent");
    assertThat(upstream.hits("/ok")).isZero();
    // and a request sent outside any attempt is untouched
    assertThat(result(client.get(upstream.port(), "127.0.0.1", "/ok").send()).statusCode()).isEqualTo(200);
    client.close();
    result(upstream.close());
  }
}
