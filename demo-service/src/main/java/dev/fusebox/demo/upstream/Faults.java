package dev.fusebox.demo.upstream;

import dev.fusebox.demo.config.DurationParser;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Set;

/**
 * The faults the simulated user API injects, each drawn independently per request in this order: connection reset,
 * hang (never answer), server error ({@code 500}), malformed body; {@link #latency} delays every answer.
 *
 * <p>Immutable.
 *
 * @param errorRate fraction of requests answered {@code 500}, in [0, 1]
 * @param latency delay added before every answer
 * @param hangRate fraction of requests never answered, in [0, 1]
 * @param resetRate fraction of requests whose connection is closed without an answer, in [0, 1]
 * @param malformedRate fraction of requests answered {@code 200} with a truncated JSON body, in [0, 1]
 */
public record Faults(double errorRate, Duration latency, double hangRate, double resetRate, double malformedRate) {

  private static final Set<String> FIELDS = Set.of("errorRate", "latency", "hangRate", "resetRate", "malformedRate");
  private static final Duration MAX_LATENCY = Duration.ofMinutes(5);

  /** No fault: every request is answered at once and correctly. */
  public static final Faults NONE = new Faults(0, Duration.ZERO, 0, 0, 0);

  /** Validates every field, naming it in the {@link IllegalArgumentException}. */
  public Faults {
    rate(errorRate, "errorRate");
    rate(hangRate, "hangRate");
    rate(resetRate, "resetRate");
    rate(malformedRate, "malformedRate");
    if (latency == null || latency.isNegative() || latency.compareTo(MAX_LATENCY) > 0) {
      throw new IllegalArgumentException("latency must be in [0ms, 5m], was " + latency);
    }
  }

  /**
   * Reads faults from JSON such as {@code {"errorRate": 0.5, "latency": "200ms"}}; absent fields are zero, unknown
   * fields are rejected.
   *
   * @throws IllegalArgumentException naming the field, the rule and the value
   */
  public static Faults fromJson(JsonObject json) {
    for (String field : json.fieldNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field " + field + "; known fields: errorRate, latency, hangRate,"
            + " resetRate, malformedRate");
      }
    }
    Object latency = json.getValue("latency");
    Duration delay;
    if (latency == null) {
      delay = Duration.ZERO;
    } else if (latency instanceof String s) {
      delay = DurationParser.parse(s);
    } else if (latency instanceof Number n) {
      delay = Duration.ofMillis(n.longValue());
    } else {
      throw new IllegalArgumentException("latency must be a duration such as \"200ms\", was " + latency);
    }
    return new Faults(number(json, "errorRate"), delay, number(json, "hangRate"), number(json, "resetRate"),
        number(json, "malformedRate"));
  }

  /** The JSON form accepted by {@link #fromJson}. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("errorRate", errorRate)
        .put("latency", latency.toMillis() + "ms")
        .put("hangRate", hangRate)
        .put("resetRate", resetRate)
        .put("malformedRate", malformedRate);
  }

  private static double number(JsonObject json, String field) {
    Object value = json.getValue(field);
    if (value == null) {
      return 0;
    }
    if (!(value instanceof Number n)) {
      throw new IllegalArgumentException(field + " must be a number in [0, 1], was " + value);
    }
    return n.doubleValue();
  }

  private static void rate(double value, String field) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(field + " must be in [0, 1], was " + value);
    }
  }
}
