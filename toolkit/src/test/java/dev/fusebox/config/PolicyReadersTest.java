package dev.fusebox.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.ValidationException;
import dev.fusebox.chaos.Chaos;
import dev.fusebox.hedge.Hedge;
import dev.fusebox.limit.ConcurrencyLimit;
import dev.fusebox.spi.Policy;
import dev.fusebox.stale.StaleValue;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The JSON readers of the newer policies: each builds its policy, in rank order, and names what is wrong. */
@ExtendWith(VertxExtension.class)
class PolicyReadersTest {

  private static Guard<String> build(Vertx vertx, String json) {
    return GuardConfig.parse(new JsonObject(json), "g").build(vertx, "g");
  }

  @Test
  void every_newer_policy_is_read_and_ordered_by_rank(Vertx vertx) {
    Guard<String> guard = build(vertx, """
        {"chaos": {"enabled": false, "faultRate": 0.1},
         "concurrencyLimit": {"algorithm": "gradient", "maxLimit": 200},
         "hedge": {"maxHedgedAttempts": 2, "delay": "50ms"},
         "stale": {"maxStaleness": "5m"},
         "timeout": "1s"}""");
    assertThat(guard.composition()).extracting(Policy::kind)
        .containsExactly("stale", "hedge", "concurrencyLimit", "timeout", "chaos");
    assertThat(guard.policies()).hasAtLeastOneElementOfType(StaleValue.class)
        .hasAtLeastOneElementOfType(Hedge.class)
        .hasAtLeastOneElementOfType(ConcurrencyLimit.class)
        .hasAtLeastOneElementOfType(Chaos.class);
    ConcurrencyLimit limit = guard.policies().stream().filter(ConcurrencyLimit.class::isInstance)
        .map(ConcurrencyLimit.class::cast).findFirst().orElseThrow();
    assertThat(limit).hasToString("ConcurrencyLimit[g, GRADIENT, limit=20]");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"concurrencyLimit\": {\"algorithm\": \"tcp\"}}|g.concurrencyLimit.algorithm must be one of aimd, vegas, gradient",
      "{\"stale\": {\"maxStaleness\": \"0ms\"}}|g.stale.maxStaleness",
      "{\"stale\": {\"coalesce\": \"yes\"}}|g.stale.coalesce",
      "{\"hedge\": {\"maxHedgedAttempts\": 0}}|g.hedge.maxHedgedAttempts",
      "{\"chaos\": {\"latencyRate\": 0.5}}|g.chaos.latency is required with latencyRate"})
  void a_wrong_setting_is_refused_naming_its_path(String json, String message) {
    assertThatThrownBy(() -> GuardConfig.parse(new JsonObject(json), "g"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(message);
  }
}
