package dev.fusebox.examples;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.RejectedException;
import dev.fusebox.stale.StaleValue;
import io.vertx.core.Future;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.limit.ConcurrencyLimit;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Holds the README's snippets of the newer policies verbatim (checked by {@link ReadmeSnippetsTest}), so they compile
 * and run with every build.
 */
@ExtendWith(VertxExtension.class)
class PoliciesReadmeTest {

  /** The user API of the stale-value snippet. */
  private final Api api = new Api();

  private static final class Api {
    Future<String> fetchName(long id) {
      return Future.succeededFuture("Ada");
    }
  }

  @Test
  void snippets(Vertx vertx) {
    // README-HEDGE-BEGIN
    Guard<String> hedged = Guard.of(vertx, "search", g -> g
        .hedge(h -> h.maxHedgedAttempts(2).delay(ofMillis(50)).budget(0.1, 1))
        .timeout(ofMillis(500)));          // inside the hedge: bounds each attempt
    // README-HEDGE-END
    // README-LIMIT-BEGIN
    ConcurrencyLimit limit = ConcurrencyLimit.of("user-api", l -> l
        .aimd().initialLimit(20).minLimit(1).maxLimit(200).dropAbove(ofMillis(50)));
    Guard<String> limited = Guard.of(vertx, "user-api", g -> g.concurrencyLimit(limit));
    int gauge = limit.limit();
    // README-LIMIT-END
    // README-CHAOS-BEGIN
    AtomicBoolean gameDay = new AtomicBoolean(false);
    Guard<String> chaotic = Guard.of(vertx, "user-api", g -> g
        .retry(r -> r.maxAttempts(3))
        .timeout(ofMillis(800))
        .chaos(c -> c.fault(0.1, () -> new IOException("chaos"))
            .latency(0.2, ofMillis(300))
            .enabled(gameDay::get)));
    gameDay.set(true);
    // README-CHAOS-END
    // README-BREAKER-BEGIN
    CircuitBreaker breaker = CircuitBreaker.of("user-api", cb -> cb
        .slowCallDuration(ofSeconds(2)).slowCallRate(0.5)
        .countInFlightSlowCalls(true));
    // README-BREAKER-END
    long id = 7;
    // README-STALE-BEGIN
    StaleValue<String> names = StaleValue.of("user-names", s -> s
        .maxStaleness(ofMinutes(10))                  // never serve older than this
        .on(IOException.class, RejectedException.class)
        .asStale((name, age) -> name + " (as of " + age.toSeconds() + " s ago)"));
    Guard<String> users = Guard.of(vertx, "user-api", g -> g
        .stale(names)                                 // outermost: answers every failure inside
        .retry(r -> r.maxAttempts(2))
        .circuitBreaker(cb -> cb.failureRate(0.5))
        .timeout(ofMillis(800)));
    Future<String> name = users.execute(id, () -> api.fetchName(id));   // the key: which user
    // README-STALE-END
    assertThat(hedged.composition()).hasSize(2);
    assertThat(limited.policies()).containsExactly(limit);
    assertThat(gauge).isEqualTo(20);
    assertThat(chaotic.composition()).hasSize(3);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(name.toCompletionStage().toCompletableFuture().join()).isEqualTo("Ada");
    assertThat(names.metrics().stored()).isEqualTo(1);
  }
}
