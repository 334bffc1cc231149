package dev.fusebox.demo.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.ConfigXmlGenerator;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.fusebox.demo.config.ClusterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Starts the demo's Vert.x: a plain one, or with {@code cluster.enabled} a clustered one whose event bus spans the
 * replicas through Hazelcast, so fleet-wide breaker commands and transitions reach every replica.
 *
 * <p>The Hazelcast configuration is, in increasing precedence: vertx-hazelcast's own ({@code cluster.xml} on the
 * class path, else its {@code default-cluster.xml}); the demo's settings ({@link #hazelcastConfig}); then Hazelcast's
 * environment variables ({@code HZ_NETWORK_JOIN_KUBERNETES_ENABLED=true}, {@code HZ_NETWORK_PORT_PORT}, ...) and
 * {@code hz.*} system properties, which Hazelcast applies when it loads a configuration through
 * {@link Config#loadFromString}: that is how the Helm chart switches on the Kubernetes discovery.
 *
 * <p>Thread-safe: stateless.
 */
public final class DemoCluster {

  /** Most seconds a leaving member waits for its partitions to move (Hazelcast's default is 600). */
  static final int GRACEFUL_SHUTDOWN_SECONDS = 5;

  private DemoCluster() {
  }

  /**
   * Builds Vert.x from {@code builder} (which carries the tracer): {@code builder.build()} when {@code cluster} is
   * disabled, else a clustered Vert.x joined through Hazelcast, with {@code VertxOptions} holding the event-bus
   * options of {@code cluster} (replacing options set on the builder before); the future completes once the member
   * joined (or formed) the cluster, and fails with the cause when it cannot.
   */
  public static Future<Vertx> start(VertxBuilder builder, ClusterConfig cluster) {
    if (!cluster.enabled()) {
      return Future.succeededFuture(builder.build());
    }
    Config hazelcast;
    try {
      hazelcast = hazelcastConfig(cluster);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return builder.with(new VertxOptions().setEventBusOptions(eventBus(cluster)))
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }

  /**
   * The Hazelcast member configuration for {@code cluster}, with Hazelcast's {@code HZ_*} environment and
   * {@code hz.*} system-property overrides applied over it.
   *
   * <p>The demo's part: the cluster name; multicast and auto-detection (which falls back to multicast) off; TCP
   * join of {@code members} when there are any; with a {@code host}, only that interface, bound alone rather than on
   * every address; phone-home off; Hazelcast's JVM shutdown hook off, so a SIGTERM drains the demo first and Vert.x
   * leaves the cluster when it closes, within {@value #GRACEFUL_SHUTDOWN_SECONDS} s of partition migration.
   */
  public static Config hazelcastConfig(ClusterConfig cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    config.setProperty("hazelcast.graceful.shutdown.max.wait", String.valueOf(GRACEFUL_SHUTDOWN_SECONDS));
    if (config.getProperty("hazelcast.logging.type") == null) {
      config.setProperty("hazelcast.logging.type", "jdk");
    }
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port());
    if (cluster.host() != null) {
      network.getInterfaces().setEnabled(true).addInterface(cluster.host());
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(!cluster.members().isEmpty());
    cluster.members().forEach(join.getTcpIpConfig()::addMember);
    // Hazelcast applies its environment and system-property overrides only to a configuration it loads, so the
    // demo's settings go through XML: the overrides then win over them, as the chart expects.
    return Config.loadFromString(new ConfigXmlGenerator(false, false).generate(config));
  }

  /**
   * The clustered event bus: on {@code eventBusPort}; with a {@code host}, bound to and announced as it, else on the
   * address Hazelcast chose (the pod's IP on Kubernetes).
   */
  static EventBusOptions eventBus(ClusterConfig cluster) {
    EventBusOptions options = new EventBusOptions().setPort(cluster.eventBusPort());
    if (cluster.host() != null) {
      options.setHost(cluster.host()).setClusterPublicHost(cluster.host());
    }
    return options;
  }
}
