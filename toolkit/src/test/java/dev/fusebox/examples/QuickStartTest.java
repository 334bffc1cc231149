package dev.fusebox.examples;

import static java.time.Duration.ofMillis;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.CircuitOpenException;
import dev.fusebox.Guard;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.testing.StrictVertx;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Holds the README's quick start verbatim (between the QUICKSTART markers), so it compiles with every build, and
 * checks that it does what the README says.
 */
class QuickStartTest {

  @RegisterExtension
  final StrictVertx strict = new StrictVertx();

  record User(String id, String name) {
  }

  /** Stands in for the outbound API of the README. */
  static final class UserApi {
    boolean down;

    Future<User> fetch(String id) {
      return down ? Future.failedFuture(new IOException("connection refused"))
          : Future.succeededFuture(new User(id, "Ada"));
    }
  }

  /** Stands in for the cache of the README. */
  static final class UserCache {
    final Map<String, User> users = Map.of("42", new User("42", "Ada (cached)"));

    Future<User> lookup(String id) {
      User user = users.get(id);
      return user != null ? Future.succeededFuture(user) : Future.failedFuture(new IllegalStateException("miss"));
    }
  }

  @Test
  void lambdaBlockStyle(Vertx vertx) throws Exception {
    UserApi api = new UserApi();
    UserCache cache = new UserCache();
    String id = "42";
    // QUICKSTART-LAMBDA-BEGIN
    Guard<User> users = Guard.of(vertx, "user-api", g -> g
        .fallback(f -> f.on(CircuitOpenException.class, TimeoutException.class, IOException.class))
        .circuitBreaker(cb -> cb
            .failureRate(0.5).minimumCalls(20)
            .window(ofSeconds(10))            // time window; countWindow(100) for the last N calls
            .openFor(ofSeconds(30)).halfOpenCalls(3))
        .timeout(ofMillis(800)));

    Future<User> user = users.execute(() -> api.fetch(id), failure -> cache.lookup(id));
    // QUICKSTART-LAMBDA-END
    assertThat(user.await(5, TimeUnit.SECONDS).name()).isEqualTo("Ada");
    api.down = true;
    assertThat(users.execute(() -> api.fetch(id), failure -> cache.lookup(id)).await(5, TimeUnit.SECONDS).name())
        .isEqualTo("Ada (cached)");
  }

  @Test
  void chainStyleWithASharedBreaker(Vertx vertx) throws Exception {
    UserApi api = new UserApi();
    api.down = true;
    // QUICKSTART-CHAIN-BEGIN
    CircuitBreaker userApi = CircuitBreaker.of("user-api", cb -> cb.countWindow(100).minimumCalls(20));

    Guard<User> fetchUser = Guard.<User>builder(vertx, "fetch-user")
        .circuitBreaker(userApi)              // shared: every guard calling user-api sees one state
        .timeout(ofMillis(800))
        .build();
    // QUICKSTART-CHAIN-END
    for (int i = 0; i < 20; i++) {
      fetchUser.execute(() -> api.fetch("1")).otherwise((User) null).await(5, TimeUnit.SECONDS);
    }
    assertThat(userApi.state()).isEqualTo(CircuitState.OPEN);
  }
}
