package dev.fusebox.vertx.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.fusebox.circuitbreaker.CircuitBreaker;
import dev.fusebox.circuitbreaker.CircuitState;
import dev.fusebox.testing.ManualClock;
import dev.fusebox.vertx.CircuitBreakerRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three real Vert.x nodes clustered by Hazelcast over TCP on 127.0.0.1 (no multicast, a cluster name of their own),
 * started once for the class. Each node has its own registry and manual clock; each test uses breakers of its own
 * name, so the tests do not see each other's messages. Waits for propagation are bounded at 20 s each.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetClusterTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final Duration OPEN_FOR = Duration.ofSeconds(10);
  private static final List<String> BREAKERS =
      List.of("transitions", "force", "quorum", "stale", "malformed", "leave");

  private static final List<Node> NODES = new ArrayList<>();

  /** One member of the fleet. */
  private record Node(String id, Vertx vertx, CircuitBreakerRegistry registry, ManualClock clock,
      FleetBreakers fleet) {
    CircuitBreaker breaker(String name) {
      return registry.find(name).orElseThrow();
    }
  }

  @BeforeAll
  static void startCluster() throws Exception {
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.setProperty("hazelcast.shutdownhook.enabled", "false");
    System.setProperty("hazelcast.logging.type", "jdk");
    String clusterName = "fusebox-fleet-test-" + UUID.randomUUID();
    int[] ports = {freePort(), freePort(), freePort()};
    long started = System.nanoTime();
    List<Future<Vertx>> vertxes = new ArrayList<>();
    for (int port : ports) {
      vertxes.add(Vertx.builder()
          .with(new VertxOptions().setEventBusOptions(
              new EventBusOptions().setHost("127.0.0.1").setPort(0).setClusterPublicHost("127.0.0.1")))
          .withClusterManager(new HazelcastClusterManager(hazelcast(clusterName, port, ports)))
          .buildClustered());
    }
    Future.all(vertxes).await(60, TimeUnit.SECONDS);
    long clustered = System.nanoTime();
    for (int i = 0; i < 3; i++) {
      String id = "node-" + (char) ('a' + i);
      ManualClock clock = new ManualClock();
      CircuitBreakerRegistry registry = CircuitBreakerRegistry.create();
      for (String name : BREAKERS) {
        registry.register(CircuitBreaker.of(name, cb -> cb.clock(clock).openFor(OPEN_FOR).minimumCalls(2)));
      }
      Vertx vertx = vertxes.get(i).result();
      FleetBreakers fleet = FleetBreakers.start(vertx, registry,
              FleetOptions.defaults().withNodeId(id).withClock(clock).withQuorum(2, WINDOW))
          .await(20, TimeUnit.SECONDS);
      NODES.add(new Node(id, vertx, registry, clock, fleet));
    }
    System.out.printf("fleet: 3 Hazelcast nodes clustered in %d ms, fleet listeners up in %d ms more%n",
        (clustered - started) / 1_000_000, (System.nanoTime() - clustered) / 1_000_000);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    // One at a time: Hazelcast members shutting down together wait on each other's partitions.
    long start = System.nanoTime();
    for (Node node : NODES) {
      node.fleet.close().await(20, TimeUnit.SECONDS);
      node.vertx.close().await(20, TimeUnit.SECONDS);
    }
    System.out.printf("fleet: the remaining nodes stopped in %d ms%n", (System.nanoTime() - start) / 1_000_000);
  }

  private static Config hazelcast(String clusterName, int port, int[] members) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(clusterName);
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "jdk");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", "10");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(port).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true);
    for (int member : members) {
      join.getTcpIpConfig().addMember("127.0.0.1:" + member);
    }
    return config;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Polls {@code condition} until it holds, for at most 20 s; returns the milliseconds it took. */
  private static long await(String what, BooleanSupplier condition) throws InterruptedException {
    long start = System.nanoTime();
    long deadline = start + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static Node node(int i) {
    return NODES.get(i);
  }

  @Test
  @Order(1)
  void a_transition_on_one_node_is_seen_by_the_two_others_and_not_by_itself() throws Exception {
    // when
    assertThat(node(0).breaker("transitions").trip()).isTrue();
    // then
    long took = await("node-b and node-c see node-a's 'transitions' open", () ->
        node(1).fleet().view("transitions").openNodes().equals(List.of("node-a"))
            && node(2).fleet().view("transitions").openNodes().equals(List.of("node-a")));
    System.out.printf("fleet: a transition reached both other nodes in %d ms%n", took);
    assertThat(node(0).fleet().view("transitions").reports()).isEmpty();
    // one report is not a quorum of 2: the others stay closed
    assertThat(node(1).breaker("transitions").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(node(2).breaker("transitions").state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  @Order(2)
  void a_fleet_wide_force_open_reaches_all_three_and_a_fleet_reset_closes_them() throws Exception {
    // when
    node(1).fleet().forceOpen("force");
    // then
    assertThat(node(1).breaker("force").state()).isEqualTo(CircuitState.FORCED_OPEN);
    long took = await("'force' forced open on node-a and node-c", () ->
        node(0).breaker("force").state() == CircuitState.FORCED_OPEN
            && node(2).breaker("force").state() == CircuitState.FORCED_OPEN);
    System.out.printf("fleet: a force-open reached both other nodes in %d ms%n", took);
    // and a fleet-wide reset undoes it everywhere
    node(2).fleet().reset("force");
    await("'force' closed on all three", () -> NODES.stream()
        .allMatch(n -> n.breaker("force").state() == CircuitState.CLOSED));
    node(0).fleet().disable("force");
    await("'force' disabled on all three", () -> NODES.stream()
        .allMatch(n -> n.breaker("force").state() == CircuitState.DISABLED));
    // a command for a breaker a node does not have changes nothing and throws nothing
    node(0).fleet().forceOpen("nobody-has-this");
  }

  @Test
  @Order(3)
  void two_of_three_open_opens_the_third_early_and_it_half_opens_as_usual() throws Exception {
    // given
    node(0).breaker("quorum").trip();
    await("node-c sees node-a open", () -> node(2).fleet().view("quorum").openNodes().contains("node-a"));
    assertThat(node(2).breaker("quorum").state()).isEqualTo(CircuitState.CLOSED);
    // when
    node(1).breaker("quorum").trip();
    // then: an ordinary open, not a forced one
    long took = await("node-c's 'quorum' opened by the quorum", () ->
        node(2).breaker("quorum").state() == CircuitState.OPEN && node(2).fleet().quorumOpenings() == 1);
    System.out.printf("fleet: the second open report opened the third node in %d ms%n", took);
    assertThat(node(2).fleet().quorumOpenings()).isEqualTo(1);
    // after the open duration, the next call probes
    node(2).clock().advance(OPEN_FOR);
    String result = node(2).breaker("quorum").execute(() -> Future.succeededFuture("probe")).await();
    assertThat(result).isEqualTo("probe");
    assertThat(node(2).breaker("quorum").state()).isIn(CircuitState.HALF_OPEN, CircuitState.CLOSED);
  }

  @Test
  @Order(4)
  void a_report_older_than_the_window_no_longer_counts() throws Exception {
    // given: node-a's open report arrives, then ages out on node-c's clock
    node(0).breaker("stale").trip();
    await("node-c sees node-a open", () -> node(2).fleet().view("stale").openNodes().contains("node-a"));
    node(2).clock().advance(WINDOW.plusSeconds(1));
    assertThat(node(2).fleet().view("stale").reports()).isEmpty();
    // when
    node(1).breaker("stale").trip();
    await("node-c sees node-b open", () -> node(2).fleet().view("stale").openNodes().contains("node-b"));
    // then: one fresh report is below the quorum
    assertThat(node(2).breaker("stale").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(node(2).fleet().view("stale").openNodes()).containsExactly("node-b");
  }

  @Test
  @Order(5)
  void malformed_and_unknown_messages_are_counted_and_change_nothing() throws Exception {
    // given
    long before = node(1).fleet().dropped();
    var bus = node(0).vertx().eventBus();
    // when
    bus.publish(FleetOptions.DEFAULT_ADDRESS, "not json {");
    bus.publish(FleetOptions.DEFAULT_ADDRESS, new JsonObject().put("v", 2).put("type", "command")
        .put("node", "x").put("breaker", "malformed").put("action", "force_open"));
    bus.publish(FleetOptions.DEFAULT_ADDRESS, new JsonObject().put("v", 1).put("type", "command")
        .put("node", "x").put("breaker", "malformed"));
    bus.publish(FleetOptions.DEFAULT_ADDRESS, new JsonObject().put("v", 1).put("type", "transition")
        .put("node", "x").put("breaker", "malformed").put("from", "CLOSED").put("to", "AJAR"));
    bus.publish(FleetOptions.DEFAULT_ADDRESS, 42);
    // then
    await("node-b and node-c count 5 dropped messages", () ->
        node(1).fleet().dropped() - before == 5 && node(2).fleet().dropped() >= 5);
    for (Node node : NODES) {
      assertThat(node.breaker("malformed").state()).as(node.id()).isEqualTo(CircuitState.CLOSED);
      assertThat(node.fleet().view("malformed").reports()).as(node.id()).isEmpty();
    }
    // and the fleet still works
    node(0).fleet().forceOpen("malformed");
    await("'malformed' forced open on node-b and node-c", () ->
        node(1).breaker("malformed").state() == CircuitState.FORCED_OPEN
            && node(2).breaker("malformed").state() == CircuitState.FORCED_OPEN);
  }

  @Test
  @Order(6)
  void a_node_leaving_changes_nothing_for_the_others() throws Exception {
    // given: node-c reports 'leave' open, then leaves the cluster
    node(2).breaker("leave").trip();
    await("node-a and node-b see node-c open", () ->
        node(0).fleet().view("leave").openNodes().contains("node-c")
            && node(1).fleet().view("leave").openNodes().contains("node-c"));
    long start = System.nanoTime();
    node(2).fleet().close().await(20, TimeUnit.SECONDS);
    long unsubscribed = System.nanoTime();
    Node leaving = NODES.remove(2);
    leaving.vertx().close().await(20, TimeUnit.SECONDS);
    System.out.printf("fleet: node-c stopped listening in %d ms and left the cluster in %d ms more%n",
        (unsubscribed - start) / 1_000_000, (System.nanoTime() - unsubscribed) / 1_000_000);
    // then: the others' breakers are untouched, the report stays until it ages out
    assertThat(node(0).breaker("leave").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(node(1).breaker("leave").state()).isEqualTo(CircuitState.CLOSED);
    assertThat(node(0).fleet().view("leave").openNodes()).containsExactly("node-c");
    node(0).clock().advance(WINDOW.plusSeconds(1));
    assertThat(node(0).fleet().view("leave").reports()).isEmpty();
    // and the two left still share transitions and commands
    node(1).breaker("leave").trip();
    await("node-a sees node-b open", () -> node(0).fleet().view("leave").openNodes().equals(List.of("node-b")));
    assertThat(node(0).breaker("leave").state()).isEqualTo(CircuitState.CLOSED);
    node(0).fleet().reset("leave");
    await("node-b's 'leave' reset by node-a", () -> node(1).breaker("leave").state() == CircuitState.CLOSED);
  }
}
