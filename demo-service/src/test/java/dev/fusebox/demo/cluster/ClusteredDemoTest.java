package dev.fusebox.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fusebox.demo.testing.Eventually;
import dev.fusebox.demo.testing.RunningDemo;
import dev.fusebox.demo.testing.TestUpstream;
import dev.fusebox.testing.ManualClock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two demo replicas in this JVM, clustered as {@code cluster.enabled} starts them: Hazelcast over TCP on 127.0.0.1
 * only (multicast off, a cluster name of their own, member ports found free), each with its own HTTP and admin ports
 * (port 0), both calling one test upstream, so they guard it with a breaker of the same name. What an operator sees:
 * a force-open sent to one replica's loopback admin port opens the breaker on the other, a fleet reset closes both,
 * and a replica's own transition shows in the other's {@code /breakers}. Waits for propagation are bounded at 20 s;
 * the two members join in about 10 s here.
 */
class ClusteredDemoTest {

  private static final int PROPAGATION_SECONDS = 20;

  @Test
  void aForceOpenThroughOneReplicasAdminPortOpensTheBreakerOnTheOtherAndTransitionsAreShared() throws Exception {
    // given: two clustered replicas in front of one upstream
    String clusterName = "fusebox-demo-test-" + UUID.randomUUID();
    int[] ports = {freePort(), freePort()};
    String members = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
    try (TestUpstream upstream = TestUpstream.start()) {
      long start = System.nanoTime();
      CompletableFuture<RunningDemo> startingA = CompletableFuture.supplyAsync(
          () -> replica(upstream, clusterName, ports[0], members));
      CompletableFuture<RunningDemo> startingB = CompletableFuture.supplyAsync(
          () -> replica(upstream, clusterName, ports[1], members));
      try (RunningDemo a = startingA.get(60, TimeUnit.SECONDS);
          RunningDemo b = startingB.get(60, TimeUnit.SECONDS)) {
        System.out.printf("cluster: two clustered demo replicas up in %d ms%n", millisSince(start));
        String breaker = "user-api:127.0.0.1:" + upstream.port();
        assertThat(breakerOf(a, breaker).getString("state")).isEqualTo("CLOSED");
        JsonObject fleetA = breakers(a).getJsonObject("fleet");
        JsonObject fleetB = breakers(b).getJsonObject("fleet");
        assertThat(fleetA.getBoolean("clustered")).isTrue();
        assertThat(fleetB.getBoolean("clustered")).isTrue();
        String nodeA = fleetA.getString("node");
        String nodeB = fleetB.getString("node");
        assertThat(nodeA).isNotEqualTo(nodeB);
        // the fleet listener of each is registered across the cluster once both started; B calls through
        assertThat(b.get("/users/1").statusCode()).isEqualTo(200);
        int callsBefore = upstream.calls();

        // when: an operator forces the breaker open through A's loopback admin port
        long sent = System.nanoTime();
        HttpResponse<String> accepted = a.send(a.service().adminPort(), "POST",
            "/fleet/breakers/" + breaker + "/force-open", null);

        // then: A at once, B through the cluster, and B stops calling the upstream
        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(new JsonObject(accepted.body()).getString("node")).isEqualTo(nodeA);
        assertThat(breakerOf(a, breaker).getString("state")).isEqualTo("FORCED_OPEN");
        Eventually.await(() -> "FORCED_OPEN".equals(breakerOf(b, breaker).getString("state")),
            "B's breaker forced open by A's command", PROPAGATION_SECONDS);
        System.out.printf("cluster: a force-open sent to A reached B in %d ms%n", millisSince(sent));
        assertThat(b.get("/users/2").statusCode()).isEqualTo(503);
        assertThat(upstream.calls()).as("no call through B's forced-open breaker").isEqualTo(callsBefore);
        // and each one's transition is in the other's view
        Eventually.await(() -> fleetOpen(b, breaker).equals(List.of(nodeA))
                && fleetOpen(a, breaker).equals(List.of(nodeB)),
            "each replica seeing the other's breaker open", PROPAGATION_SECONDS);

        // when: a fleet reset through B's admin port
        assertThat(b.send(b.service().adminPort(), "POST", "/fleet/breakers/" + breaker + "/reset", null)
            .statusCode()).isEqualTo(202);

        // then: both closed, neither reported open any more
        Eventually.await(() -> "CLOSED".equals(breakerOf(a, breaker).getString("state"))
                && fleetOpen(a, breaker).isEmpty() && fleetOpen(b, breaker).isEmpty(),
            "A's breaker reset by B's command", PROPAGATION_SECONDS);
        assertThat(breakerOf(b, breaker).getString("state")).isEqualTo("CLOSED");

        // when: A's breaker opens on its own (no fleet command)
        assertThat(a.service().breakers().get(0).trip()).isTrue();

        // then: B sees A open, and stays closed: remote reports alone never open it (no quorum configured)
        Eventually.await(() -> fleetOpen(b, breaker).equals(List.of(nodeA)),
            "B seeing A's own transition to OPEN", PROPAGATION_SECONDS);
        assertThat(breakerOf(b, breaker).getString("state")).isEqualTo("CLOSED");
        assertThat(b.get("/users/3").statusCode()).isEqualTo(200);

        long closing = System.nanoTime();
        a.close();
        System.out.printf("cluster: replica A drained and left the cluster in %d ms%n", millisSince(closing));
        // B goes on serving alone
        assertThat(b.get("/users/4").statusCode()).isEqualTo(200);
      }
    }
  }

  private static RunningDemo replica(TestUpstream upstream, String clusterName, int port, String members) {
    try {
      return RunningDemo.start(Map.of(
          "USER_API_URL", upstream.url(),
          "DEMO_ADMIN_ENABLED", "true",
          "ADMIN_PORT", "0",
          "DEMO_CLUSTER_ENABLED", "true",
          "DEMO_CLUSTER_NAME", clusterName,
          "DEMO_CLUSTER_HOST", "127.0.0.1",
          "DEMO_CLUSTER_PORT", String.valueOf(port),
          "DEMO_CLUSTER_MEMBERS", members,
          "VERTX_EVENTBUS_PORT", "0"), List.of(), new ManualClock());
    } catch (Exception e) {
      throw new CompletionException(e);
    }
  }

  private static JsonObject breakers(RunningDemo demo) {
    try {
      HttpResponse<String> response = demo.get("/breakers");
      assertThat(response.statusCode()).isEqualTo(200);
      return new JsonObject(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject breakerOf(RunningDemo demo, String name) {
    JsonArray list = breakers(demo).getJsonArray("breakers");
    for (int i = 0; i < list.size(); i++) {
      if (name.equals(list.getJsonObject(i).getString("name"))) {
        return list.getJsonObject(i);
      }
    }
    throw new AssertionError("no breaker " + name + " in " + list.encode());
  }

  private static List<Object> fleetOpen(RunningDemo demo, String name) {
    return breakerOf(demo, name).getJsonArray("fleetOpen").getList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
