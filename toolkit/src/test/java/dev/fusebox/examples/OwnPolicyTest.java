package dev.fusebox.examples;

import static dev.fusebox.testing.Await.call;
import static dev.fusebox.testing.Await.failure;
import static dev.fusebox.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.Guard;
import dev.fusebox.RejectedException;
import dev.fusebox.config.GuardConfig;
import dev.fusebox.spi.AttemptScope;
import dev.fusebox.spi.ConfigNode;
import dev.fusebox.spi.Execution;
import dev.fusebox.spi.Policy;
import dev.fusebox.spi.PolicyContext;
import dev.fusebox.spi.PolicyReader;
import dev.fusebox.spi.Stage;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Holds the README's "Writing your own policy" snippets verbatim (ReadmeSnippetsTest checks) and runs them. */
@ExtendWith(VertxExtension.class)
class OwnPolicyTest {

  // README-OWN-POLICY-BEGIN
  /** Refuses every call while engaged: an operator's kill switch for a dependency. */
  public static final class KillSwitch implements Policy {
    private final AtomicBoolean engaged = new AtomicBoolean();
    private final Refused refused;

    public KillSwitch(String name) {
      this.refused = new Refused(name);
    }

    public void engage(boolean on) {
      engaged.set(on);
    }

    @Override
    public String kind() {
      return "killSwitch";
    }

    @Override
    public Stage createStage(PolicyContext context, Stage next) {
      return new Stage() {
        @Override
        public <T> Future<T> run(Execution<T> execution, AttemptScope scope) {
          return engaged.get() ? execution.reject(refused) : next.run(execution, scope);
        }
      };
    }

    /** Stackless and shared, like every rejection; 503 with Retry-After: 30 through GuardedHandler. */
    static final class Refused extends RejectedException {
      Refused(String name) {
        super(name, "killSwitch");
      }

      @Override
      public Duration retryAfter() {
        return Duration.ofSeconds(30);
      }

      @Override
      public String getMessage() {
        return "kill switch '" + policyName() + "' is engaged";
      }
    }
  }
  // README-OWN-POLICY-END

  // README-OWN-READER-BEGIN
  /** Reads {"killSwitch": {"engaged": true}}; list it in META-INF/services/dev.fusebox.spi.PolicyReader. */
  public static final class KillSwitchReader implements PolicyReader {
    @Override
    public String key() {
      return "killSwitch";
    }

    @Override
    public int rank() {
      return 50; // outermost unless the configuration's "order" says otherwise
    }

    @Override
    public Policy read(ConfigNode guard) {
      ConfigNode node = guard.object("killSwitch");
      node.allowOnly(Set.of("engaged"));
      KillSwitch policy = new KillSwitch("config");
      policy.engage(Boolean.TRUE.equals(node.bool("engaged")));
      return policy;
    }
  }
  // README-OWN-READER-END

  @Test
  void the_readme_policy_composes_rejects_and_reads_from_json(Vertx vertx) {
    // README-OWN-USE-BEGIN
    KillSwitch payments = new KillSwitch("payments");
    Guard<String> guard = Guard.of(vertx, "payments", g -> g
        .with(payments)                                   // any position, like the built-ins
        .retry(r -> r.maxAttempts(3))
        .timeout(Duration.ofSeconds(1)));

    GuardConfig fromJson = GuardConfig.parse(new JsonObject("{\"killSwitch\": {\"engaged\": true}}"),
        "payments.guard", new KillSwitchReader());        // or found through the service loader
    // README-OWN-USE-END
    assertThat(result(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("paid")))))
        .isEqualTo("paid");
    payments.engage(true);
    assertThat(failure(call(vertx.getOrCreateContext(), () -> guard.execute(() -> Future.succeededFuture("x")))))
        .isInstanceOf(KillSwitch.Refused.class).hasMessage("kill switch 'payments' is engaged");
    Guard<String> configured = fromJson.build(vertx, "payments");
    assertThat(failure(call(vertx.getOrCreateContext(), () -> configured.execute(() -> Future.succeededFuture(
        "x"))))).isInstanceOf(RejectedException.class);
  }
}
