package dev.fusebox.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.retry.internal.BackoffKind;
import dev.fusebox.retry.internal.RetryImpl;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class RetrySpecTest {

  @Test
  void defaults_are_three_attempts_of_exponential_backoff_without_budget() {
    RetryImpl retry = (RetryImpl) Retry.of("users", r -> { });

    assertThat(retry.name()).isEqualTo("users");
    assertThat(retry.config().maxAttempts()).isEqualTo(3);
    assertThat(retry.config().backoff()).isEqualTo(BackoffKind.EXPONENTIAL);
    assertThat(retry.config().initialDelay()).isEqualTo(Duration.ofMillis(100));
    assertThat(retry.config().backoffMax()).isEqualTo(Duration.ofSeconds(10));
    assertThat(retry.config().jitter()).isZero();
    assertThat(retry.metrics().budgetAvailable()).isEqualTo(-1);
  }

  @Test
  void chain_style_builds_the_same_retry_as_the_block_style() {
    RetryImpl chained = (RetryImpl) Retry.builder("users").maxAttempts(5).fixedBackoff(Duration.ofMillis(20)).build();
    RetryImpl block = (RetryImpl) Retry.of("users", r -> r.maxAttempts(5).fixedBackoff(Duration.ofMillis(20)));

    assertThat(chained.config().maxAttempts()).isEqualTo(block.config().maxAttempts()).isEqualTo(5);
    assertThat(chained.config().initialDelay()).isEqualTo(block.config().initialDelay());
    assertThat(chained.config().backoff()).isEqualTo(BackoffKind.FIXED);
  }

  @Test
  void reusing_a_spec_does_not_change_a_retry_already_built() {
    RetrySpec spec = Retry.builder("users").maxAttempts(2);
    RetryImpl first = (RetryImpl) spec.build();

    spec.maxAttempts(7);

    assertThat(first.config().maxAttempts()).isEqualTo(2);
    assertThat(((RetryImpl) spec.build()).config().maxAttempts()).isEqualTo(7);
  }

  @Test
  void setters_reject_bad_values_at_once_naming_field_rule_and_value() {
    RetrySpec spec = Retry.builder("users");

    assertThatThrownBy(() -> spec.maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be >= 1, was 0");
    assertThatThrownBy(() -> spec.jitter(1.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("jitter must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> spec.fixedBackoff(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoff.initial must be >= 0ms, was -1ms");
    assertThatThrownBy(() -> spec.exponentialBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff.max must be >= backoff.initial (2s), was 1s");
    assertThatThrownBy(() -> spec.exponentialBackoff(Duration.ofMillis(10), Duration.ofSeconds(1), 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff.multiplier must be a finite number >= 1.0, was 0.5");
    assertThatThrownBy(() -> spec.decorrelatedJitterBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backoff.initial must be >= 1ms, was 0ms");
    assertThatThrownBy(() -> spec.budget(-0.1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget.ratio must be a finite number >= 0.0, was -0.1");
    assertThatThrownBy(() -> spec.budget(0.1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget.minPerSecond must be >= 0, was -1");
    assertThatThrownBy(() -> spec.budget(0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ratio and minPerSecond were both 0");
    assertThatThrownBy(() -> spec.budget(0.1, 1, Duration.ofMillis(5)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("budget.window must be >= 10ms, was 5ms");
    assertThatThrownBy(() -> spec.retryOn((Class<? extends Throwable>[]) new Class[0]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retryOn");
    assertThatThrownBy(() -> spec.retryOn((java.util.function.Predicate<Throwable>) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retryOn must not be null");
    assertThatThrownBy(() -> spec.retryOnResult(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("retryOnResult must not be null");
    assertThatThrownBy(() -> spec.delayHint(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("delayHint must not be null");
    assertThatThrownBy(() -> Retry.builder(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, was \" \"");
  }

  @Test
  void build_rejects_settings_that_contradict_each_other() {
    assertThatThrownBy(() -> Retry.of("users", r -> r
        .decorrelatedJitterBackoff(Duration.ofMillis(10), Duration.ofSeconds(1)).jitter(0.5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("jitter must be 0 with decorrelatedJitterBackoff").hasMessageContaining("0.5");
    assertThatThrownBy(() -> Retry.of("users", r -> r
        .fixedBackoff(Duration.ofMillis(100)).maxDelay(Duration.ofMillis(50))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxDelay must be >= backoff.initial (100ms), was 50ms");
  }

  @Test
  void an_invalid_inline_retry_fails_when_the_guard_is_configured(Vertx vertx) {
    assertThatThrownBy(() -> Guard.of(vertx, "users", g -> g.retry(r -> r.maxAttempts(-3))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttempts must be >= 1, was -3");
  }

  @Test
  void an_inline_retry_is_named_after_the_guard_and_listed_among_its_policies(Vertx vertx) {
    Retry shared = Retry.of("shared", r -> r.retryOn(IOException.class));

    Guard<String> inline = Guard.of(vertx, "users", g -> g.retry(r -> r.maxAttempts(2)));
    Guard<String> sharing = Guard.of(vertx, "orders", g -> g.retry(shared));

    assertThat(inline.policies()).singleElement().isInstanceOf(Retry.class)
        .extracting(p -> ((Retry) p).name()).isEqualTo("users");
    assertThat(sharing.policies()).containsExactly(shared);
  }
}
