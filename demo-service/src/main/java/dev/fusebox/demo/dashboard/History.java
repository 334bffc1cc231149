package dev.fusebox.demo.dashboard;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The last {@value #SECONDS} one-second samples of one breaker: state, windowed failure and slow-call rates, calls
 * per outcome and latency percentiles, as the dashboard charts them.
 *
 * <p>Thread-safe: appended to by the dashboard's sampler and read by subscriptions, under the instance's monitor
 * (a few hundred small objects, touched once a second; never on the request path).
 */
final class History {

  /** How many seconds of samples are kept: five minutes. */
  static final int SECONDS = 300;

  private final Deque<JsonObject> samples = new ArrayDeque<>(SECONDS);

  synchronized void add(JsonObject sample) {
    if (samples.size() == SECONDS) {
      samples.removeFirst();
    }
    samples.addLast(sample);
  }

  synchronized JsonArray toJson() {
    JsonArray out = new JsonArray();
    samples.forEach(out::add);
    return out;
  }
}
