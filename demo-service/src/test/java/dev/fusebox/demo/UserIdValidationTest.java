package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.demo.users.UserId;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ids are digits of bounded length, and no request path can make the service call anything but /users/{digits}. */
class UserIdValidationTest {

  private static TestUpstream upstream;
  private static RunningDemo demo;

  @BeforeAll
  static void start() throws Exception {
    upstream = TestUpstream.start();
    demo = RunningDemo.against(upstream, UserLookupEndToEndTest.GUARD, new ManualClock());
  }

  @AfterAll
  static void stop() throws Exception {
    demo.close();
    upstream.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "abc", "-1", "+1", "1.0", "1e3", "0x1f", "1;x", "1;jsessionid=a", "%31%3B", "1%20", "%20", "1%00",
      "..%2F", "..%2Fadmin", "%2e%2e%2Fadmin", "1%2F..%2F..%2Fadmin", "%D9%A1", "١",
      "1234567890123456789", "99999999999999999999999999", "1%3Fdebug%3Dtrue", "1%23frag"})
  void invalidIdsAre400OrNotFoundAndNeverReachTheUpstream(String id) throws Exception {
    int before = upstream.calls();

    HttpResponse<String> response = demo.get("/users/" + id);

    assertThat(response.statusCode()).as("status of /users/%s", id).isIn(400, 404);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(upstream.calls()).as("upstream calls after /users/%s", id).isEqualTo(before);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1;x", "..%2F", "%2e%2e%2Fadmin", "1234567890123456789", "%D9%A1"})
  void invalidIdsInTheUsersSegmentAre400WithAProblemNamingTheRule(String id) throws Exception {
    HttpResponse<String> response = demo.get("/users/" + id);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(response.body()).getString("detail")).contains("1 to 18 digits");
  }

  @Test
  void traversalOutsideTheUsersSegmentNeverReachesAnyOtherUpstreamPath() throws Exception {
    List<String> tricks = List.of("/users/1/../../admin", "/users/1/..%2F..%2Fadmin", "/users/%2e%2e/admin",
        "/users/..", "/users/%2e%2e", "/users/.%2e/.%2e/admin",
        "/users/1/2", "/users//1", "/users/1/", "/users/%2e%2e%2f%2e%2e%2fadmin?x=1", "/users/007",
        "/users/%31", "/users/18446744073709551615", "/users/123456789012345678");

    for (String path : tricks) {
      HttpResponse<String> response = demo.get(path);
      assertThat(response.statusCode()).as("status of %s", path).isIn(200, 302, 400, 404);
    }

    assertThat(upstream.paths()).isNotEmpty()
        .allSatisfy(p -> assertThat(p).matches("/users/[0-9]{1,18}"));
    // Leading zeros and escapes are rebuilt from the number: the upstream sees the canonical id.
    assertThat(upstream.paths()).contains("/users/7", "/users/1", "/users/123456789012345678");
  }

  @Test
  void otherMethodsAndPathsAreProblemsToo() throws Exception {
    java.net.http.HttpResponse<String> post = demo.http().send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(demo.url() + "/users/1")).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    HttpResponse<String> unknown = demo.get("/nothing/here");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.headers().firstValue("Content-Type")).hasValue("application/problem+json");
  }

  @Test
  void parseAcceptsOnlyAsciiDigitsUpToEighteen() {
    assertThat(UserId.parse("0")).isEqualTo(new UserId(0));
    assertThat(UserId.parse("000123")).isEqualTo(new UserId(123));
    assertThat(UserId.parse("999999999999999999")).isEqualTo(new UserId(999_999_999_999_999_999L));
    assertThat(UserId.parse("1234567890123456789")).isNull();
    assertThat(UserId.parse("")).isNull();
    assertThat(UserId.parse(null)).isNull();
    assertThat(UserId.parse("١٢")).isNull();
    assertThat(UserId.parse(" 1")).isNull();
  }
}
