package dev.fusebox.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.ratelimiter.internal.RateLimiterImpl;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RateLimiterSpecTest {

  @Test
  void the_burst_defaults_to_the_permits_and_calls_are_rejected_at_once() {
    RateLimiterImpl limiter = (RateLimiterImpl) RateLimiter.of("api", r -> r.rate(20, Duration.ofSeconds(1)));

    assertThat(limiter.config().burst()).isEqualTo(20);
    assertThat(limiter.config().maxWait()).isEqualTo(Duration.ZERO);
    assertThat(limiter.metrics()).isEqualTo(new RateLimiterMetrics(20, 0, 0, 0, 0));
  }

  @Test
  void chain_and_block_styles_build_the_same_limiter() {
    RateLimiterImpl chained = (RateLimiterImpl) RateLimiter.builder("api").rate(5, Duration.ofMillis(100)).burst(2)
        .maxWait(Duration.ofMillis(30)).build();
    RateLimiterImpl block = (RateLimiterImpl) RateLimiter.of("api", r -> r.rate(5, Duration.ofMillis(100)).burst(2)
        .maxWait(Duration.ofMillis(30)));

    assertThat(chained.config()).usingRecursiveComparison().ignoringFields("clock").isEqualTo(block.config());
    assertThat(chained.config().intervalNanos()).isEqualTo(20_000_000L);
  }

  @Test
  void setters_reject_bad_values_at_once_naming_field_rule_and_value() {
    RateLimiterSpec spec = RateLimiter.builder("api");

    assertThatThrownBy(() -> spec.rate(0, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("permits must be >= 1, was 0");
    assertThatThrownBy(() -> spec.rate(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("per must be >= 1ms, was 0ms");
    assertThatThrownBy(() -> spec.rate(2_000_000, Duration.ofMillis(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be at most 1 per nanosecond of per, was 2000000 per 1ms");
    assertThatThrownBy(() -> spec.burst(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("burst must be >= 1, was 0");
    assertThatThrownBy(() -> spec.maxWait(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxWait must be >= 0ms, was -1ms");
    assertThatThrownBy(() -> spec.clock(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("clock must not be null");
  }

  @Test
  void the_rate_must_be_set() {
    assertThatThrownBy(() -> RateLimiter.of("api", r -> r.burst(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("permits must be set with rate(permits, per), was unset");
  }

  @Test
  void guards_take_inline_and_shared_limiters_and_list_them(Vertx vertx) {
    RateLimiter shared = RateLimiter.of("api", r -> r.rate(1, Duration.ofSeconds(1)));

    Guard<String> inline = Guard.of(vertx, "users", g -> g.rateLimiter(r -> r.rate(7, Duration.ofSeconds(1))));
    Guard<String> sharing = Guard.of(vertx, "orders", g -> g.rateLimiter(shared));

    assertThat(inline.policies()).singleElement().isInstanceOfSatisfying(RateLimiter.class, l -> {
      assertThat(l.name()).isEqualTo("users");
      assertThat(l.metrics().availablePermits()).isEqualTo(7);
    });
    assertThat(sharing.policies()).containsExactly(shared);
  }
}
