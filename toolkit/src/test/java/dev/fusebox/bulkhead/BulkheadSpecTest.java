package dev.fusebox.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fusebox.Guard;
import dev.fusebox.bulkhead.internal.BulkheadImpl;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class BulkheadSpecTest {

  @Test
  void defaults_are_25_concurrent_calls_without_a_queue() {
    BulkheadImpl bulkhead = (BulkheadImpl) Bulkhead.of("pool", b -> { });

    assertThat(bulkhead.metrics()).isEqualTo(new BulkheadMetrics(0, 0, 25, 0, 0, 0, 0));
    assertThat(bulkhead.config().maxWait()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void chain_and_block_styles_build_the_same_bulkhead() {
    Bulkhead chained = Bulkhead.builder("pool").maxConcurrentCalls(4).maxQueued(8).maxWait(Duration.ofMillis(50))
        .build();
    Bulkhead block = Bulkhead.of("pool", b -> b.maxConcurrentCalls(4).maxQueued(8).maxWait(Duration.ofMillis(50)));

    assertThat(chained.metrics()).isEqualTo(block.metrics()).isEqualTo(new BulkheadMetrics(0, 0, 4, 8, 0, 0, 0));
    assertThat(((BulkheadImpl) chained).config().maxWait()).isEqualTo(Duration.ofMillis(50));
    assertThat(chained.name()).isEqualTo("pool");
  }

  @Test
  void setters_reject_bad_values_at_once_naming_field_rule_and_value() {
    BulkheadSpec spec = Bulkhead.builder("pool");

    assertThatThrownBy(() -> spec.maxConcurrentCalls(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxConcurrentCalls must be >= 1, was 0");
    assertThatThrownBy(() -> spec.maxQueued(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxQueued must be >= 0, was -1");
    assertThatThrownBy(() -> spec.maxWait(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxWait must be >= 1ms, was 0ms");
    assertThatThrownBy(() -> spec.maxWait(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxWait must not be null");
    assertThatThrownBy(() -> Bulkhead.of("", b -> { }))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("name must not be blank, was \"\"");
    assertThatThrownBy(() -> Bulkhead.of("pool", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("block must not be null");
  }

  @Test
  void guards_take_inline_and_shared_bulkheads_and_list_them(Vertx vertx) {
    Bulkhead shared = Bulkhead.of("pool", b -> b.maxConcurrentCalls(2));

    Guard<String> inline = Guard.of(vertx, "users", g -> g.bulkhead(b -> b.maxConcurrentCalls(3)));
    Guard<String> sharing = Guard.of(vertx, "orders", g -> g.bulkhead(shared));

    assertThat(inline.policies()).singleElement().isInstanceOfSatisfying(Bulkhead.class, b -> {
      assertThat(b.name()).isEqualTo("users");
      assertThat(b.metrics().maxConcurrentCalls()).isEqualTo(3);
    });
    assertThat(sharing.policies()).containsExactly(shared);
    assertThatThrownBy(() -> Guard.of(vertx, "users", g -> g.bulkhead(b -> b.maxQueued(-2))))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxQueued must be >= 0, was -2");
    assertThatThrownBy(() -> Guard.builder(vertx, "users").bulkhead((Bulkhead) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bulkhead must not be null");
  }
}
