package dev.fusebox.demo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import dev.fusebox.demo.config.ClusterConfig;
import dev.fusebox.demo.config.ConfigLoader;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Hazelcast configuration the clustered demo runs: its own settings over vertx-hazelcast's, and Hazelcast's
 * {@code HZ_*} environment variables (as the Helm chart sets them) over the demo's. Builds configurations only; no
 * member starts here ({@code ClusteredDemoTest} starts two).
 */
class DemoClusterTest {

  @Test
  void theDemoTurnsMulticastOffJoinsItsMembersOverTcpAndKeepsTheMapsVertxNeeds() {
    // given
    ClusterConfig cluster = new ClusterConfig(true, "shop", "127.0.0.1", 5801,
        List.of("127.0.0.1:5801", "127.0.0.1:5802"), 0);

    // when
    Config config = DemoCluster.hazelcastConfig(cluster);

    // then
    assertThat(config.getClusterName()).isEqualTo("shop");
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getAutoDetectionConfig().isEnabled()).as("auto-detection falls back to multicast").isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
    assertThat(join.getTcpIpConfig().getMembers()).containsExactly("127.0.0.1:5801", "127.0.0.1:5802");
    assertThat(config.getNetworkConfig().getPort()).isEqualTo(5801);
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
    assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
    assertThat(config.getProperty("hazelcast.socket.bind.any")).as("bound to the host alone").isEqualTo("false");
    assertThat(config.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
    assertThat(config.getProperty("hazelcast.shutdownhook.enabled")).as("SIGTERM drains first").isEqualTo("false");
    MultiMapConfig subscriptions = config.getMultiMapConfig("__vertx.subs");
    assertThat(subscriptions.getBackupCount()).isEqualTo(1);
    assertThat(subscriptions.getValueCollectionType()).isEqualTo(MultiMapConfig.ValueCollectionType.SET);

    EventBusOptions bus = DemoCluster.eventBus(cluster);
    assertThat(bus.getHost()).isEqualTo("127.0.0.1");
    assertThat(bus.getClusterPublicHost()).isEqualTo("127.0.0.1");
    assertThat(bus.getPort()).isZero();
  }

  @Test
  void withNoMembersAndNoHostNothingIsJoinedAndHazelcastPicksTheInterface() {
    // given: the chart's case before Hazelcast's overrides: no key but cluster.enabled
    ClusterConfig cluster = ConfigLoader.load(List.of(), Map.of("DEMO_CLUSTER_ENABLED", "true",
        "VERTX_EVENTBUS_PORT", "41000")).cluster();

    // when
    Config config = DemoCluster.hazelcastConfig(cluster);

    // then: a member of its own (no multicast), on the pod's address
    JoinConfig join = config.getNetworkConfig().getJoin();
    assertThat(join.getMulticastConfig().isEnabled()).isFalse();
    assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
    assertThat(config.getClusterName()).isEqualTo("fusebox-demo");
    assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isFalse();
    EventBusOptions bus = DemoCluster.eventBus(cluster);
    assertThat(bus.getPort()).isEqualTo(41000);
    assertThat(bus.getHost()).as("the cluster manager's host").isEqualTo(EventBusOptions.DEFAULT_CLUSTER_HOST);
  }

  @Test
  void theHazelcastVariablesOfTheHelmChartApplyOverTheDemosSettings() throws Exception {
    // given: the environment deployment.yaml gives a pod with cluster.enabled (read in a JVM of its own)
    Map<String, String> env = Map.of(
        "DEMO_CLUSTER_ENABLED", "true",
        "DEMO_CLUSTER_NAME", "demo-fusebox-demo",
        "VERTX_EVENTBUS_PORT", "41000",
        "HZ_NETWORK_JOIN_MULTICAST_ENABLED", "false",
        "HZ_NETWORK_JOIN_KUBERNETES_ENABLED", "true",
        "HZ_NETWORK_JOIN_KUBERNETES_NAMESPACE", "shop",
        "HZ_NETWORK_JOIN_KUBERNETES_SERVICENAME", "demo-fusebox-demo-cluster",
        "HZ_NETWORK_JOIN_KUBERNETES_SERVICEPORT", "5701",
        "HZ_NETWORK_PORT_PORT", "5702");

    // when
    JsonObject seen = inChildJvm(env);

    // then
    assertThat(seen.getString("clusterName")).isEqualTo("demo-fusebox-demo");
    assertThat(seen.getBoolean("multicast")).isFalse();
    assertThat(seen.getBoolean("kubernetes")).isTrue();
    // variable names cannot spell "service-name": Hazelcast's discovery takes the dashless key for it
    assertThat(seen.getJsonObject("kubernetesProperties").getMap()).containsEntry("namespace", "shop")
        .containsEntry("servicename", "demo-fusebox-demo-cluster").containsEntry("serviceport", "5701");
    assertThat(seen.getInteger("port")).as("HZ_NETWORK_PORT_PORT over cluster.port").isEqualTo(5702);
    assertThat(seen.getInteger("eventBusPort")).isEqualTo(41000);
  }

  /** Loads the configuration as {@code Main} does in a JVM with {@code env}, and returns what it holds. */
  private static JsonObject inChildJvm(Map<String, String> env) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        PrintConfig.class.getName()).redirectErrorStream(false);
    builder.environment().keySet().removeIf(name -> name.startsWith("HZ_") || name.startsWith("DEMO_"));
    builder.environment().putAll(env);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var stdout = process.getInputStream()) {
      stdout.transferTo(out);
    }
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("child JVM ended").isTrue();
    String text = out.toString(StandardCharsets.UTF_8).trim();
    assertThat(process.exitValue()).as("child JVM: %s", text).isZero();
    return new JsonObject(text.substring(text.lastIndexOf('\n') + 1));
  }

  /** The child JVM: the demo's configuration from its environment, then the Hazelcast configuration, as JSON. */
  static final class PrintConfig {

    public static void main(String[] args) {
      ClusterConfig cluster = ConfigLoader.load(List.of(), System.getenv()).cluster();
      Config config = DemoCluster.hazelcastConfig(cluster);
      JoinConfig join = config.getNetworkConfig().getJoin();
      System.out.println(new JsonObject()
          .put("clusterName", config.getClusterName())
          .put("multicast", join.getMulticastConfig().isEnabled())
          .put("kubernetes", join.getKubernetesConfig().isEnabled())
          .put("kubernetesProperties",
              new JsonObject(new HashMap<String, Object>(join.getKubernetesConfig().getProperties())))
          .put("port", config.getNetworkConfig().getPort())
          .put("eventBusPort", DemoCluster.eventBus(cluster).getPort())
          .encode());
    }
  }
}
