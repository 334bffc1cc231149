package dev.fusebox.demo.users;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fallback cache is bounded in size and in age, and hands out copies. */
class UserCacheTest {

  private final ManualClock clock = new ManualClock();

  @Test
  void usersExpireTheirTtlAfterTheyWereStored() {
    UserCache cache = new UserCache(100, Duration.ofMinutes(10), clock);
    cache.put(new UserId(1), new JsonObject().put("id", 1));

    clock.advance(Duration.ofMinutes(9));
    assertThat(cache.get(new UserId(1))).isEqualTo(new JsonObject().put("id", 1));

    clock.advance(Duration.ofMinutes(1));
    assertThat(cache.get(new UserId(1))).isNull();
  }

  @Test
  void sizeIsBounded() {
    UserCache cache = new UserCache(10, Duration.ofMinutes(10), clock);

    for (long id = 0; id < 100; id++) {
      cache.put(new UserId(id), new JsonObject().put("id", id));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(10);
  }

  @Test
  void storedAndReturnedUsersAreCopies() {
    UserCache cache = new UserCache(10, Duration.ofMinutes(10), clock);
    JsonObject user = new JsonObject().put("name", "Ada");
    cache.put(new UserId(7), user);

    user.put("name", "changed");
    cache.get(new UserId(7)).put("name", "changed too");

    assertThat(cache.get(new UserId(7)).getString("name")).isEqualTo("Ada");
  }
}
