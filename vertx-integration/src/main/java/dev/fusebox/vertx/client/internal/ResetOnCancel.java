package dev.fusebox.vertx.client.internal;

import dev.fusebox.Attempt;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.HttpContext;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CancellationException;

/**
 * A {@code WebClient} interceptor that ties each HTTP request sent by a guarded client to the {@link Attempt} that
 * sent it, and resets the request when the attempt is cancelled (its timeout expired).
 *
 * <p>How the attempt reaches the request: the guarded client calls {@code HttpRequest.send()} inside
 * {@link #sending}, which sets a thread-local; the web client runs the {@code PREPARE_REQUEST} phase of its
 * interceptors synchronously inside {@code send()}, where this interceptor moves the attempt into the request's
 * context attributes. In {@code SEND_REQUEST}, once the {@code HttpClientRequest} exists, it registers
 * {@code request.reset()} as the attempt's cancellation hook — or, if the attempt was cancelled while the connection
 * was being obtained, resets at once and fails the exchange instead of sending it. Requests sent outside
 * {@link #sending} pass through untouched.
 *
 * <p>Thread-safe: the thread-local is set and cleared around one synchronous call; the hook may run on another
 * thread, and {@code HttpClientRequest.reset} may be called from any thread.
 */
public final class ResetOnCancel implements Handler<HttpContext<?>> {

  private static final ResetOnCancel INSTANCE = new ResetOnCancel();
  private static final String ATTEMPT_KEY = "dev.fusebox.attempt";
  private static final ThreadLocal<Sending> SENDING = new ThreadLocal<>();
  /** Web clients already intercepted; weak so a closed client can be collected. Touched at creation only. */
  private static final Map<WebClient, Boolean> INSTALLED = Collections.synchronizedMap(new WeakHashMap<>());

  private ResetOnCancel() {
  }

  /** Adds the interceptor to {@code client}, once. */
  public static void installOn(WebClient client) {
    if (INSTALLED.putIfAbsent(client, Boolean.TRUE) == null) {
      client.addInterceptor(INSTANCE);
    }
  }

  /**
   * Runs {@code send} (which must call {@code HttpRequest.send...}) with {@code attempt} as the request's owner.
   *
   * @return whether the request went through an intercepted web client, so that cancelling the attempt resets it;
   *     false for a request built by another {@code WebClient}
   */
  public static boolean sending(Attempt attempt, Runnable send) {
    Sending previous = SENDING.get();
    Sending current = new Sending(attempt);
    SENDING.set(current);
    try {
      send.run();
      return current.intercepted;
    } finally {
      if (previous == null) {
        SENDING.remove();
      } else {
        SENDING.set(previous);
      }
    }
  }

  @Override
  public void handle(HttpContext<?> context) {
    switch (context.phase()) {
      case PREPARE_REQUEST -> {
        Sending sending = SENDING.get();
        if (sending != null) {
          sending.intercepted = true;
          context.set(ATTEMPT_KEY, sending.attempt);
        }
      }
      case SEND_REQUEST -> {
        Attempt attempt = context.get(ATTEMPT_KEY);
        HttpClientRequest request = context.clientRequest();
        if (attempt != null && request != null) {
          if (attempt.isCancelled()) {
            request.reset();
            context.fail(new CancellationException("attempt " + attempt.number()
                + " was cancelled before its request was sent"));
            return;
          }
          attempt.onCancel(() -> request.reset());
        }
      }
      default -> {
      }
    }
    context.next();
  }

  /** The attempt whose request is being sent on this thread, and whether an intercepted client saw it. */
  private static final class Sending {
    final Attempt attempt;
    boolean intercepted;

    Sending(Attempt attempt) {
      this.attempt = attempt;
    }
  }
}
