package dev.fusebox.demo.config;

import java.util.List;

/**
 * How the demo joins its replicas on a clustered Vert.x event bus (Hazelcast), for fleet-wide breaker control; read
 * by {@link ConfigLoader} from the {@code cluster} keys. Hazelcast's own {@code HZ_*} environment variables (and
 * {@code hz.*} system properties) are applied over these settings, so a Kubernetes deployment can switch on the
 * Kubernetes discovery without a key here.
 *
 * <p>Immutable.
 *
 * @param enabled whether the demo starts a clustered Vert.x ({@code cluster.enabled}, {@code DEMO_CLUSTER_ENABLED})
 * @param name the Hazelcast cluster name; only members of the same name join ({@code cluster.name},
 *     {@code DEMO_CLUSTER_NAME})
 * @param host the IPv4 address Hazelcast and the event bus bind and announce ({@code cluster.host},
 *     {@code DEMO_CLUSTER_HOST}); null lets Hazelcast pick an interface, and the event bus follows it
 * @param port the Hazelcast member port, the first of a range tried upwards when taken ({@code cluster.port},
 *     {@code DEMO_CLUSTER_PORT})
 * @param members the members to join over TCP, {@code host} or {@code host:port} ({@code cluster.members},
 *     {@code DEMO_CLUSTER_MEMBERS}, comma separated); empty for none: multicast stays off either way
 * @param eventBusPort the port of the clustered event bus ({@code cluster.eventBusPort},
 *     {@code VERTX_EVENTBUS_PORT}); 0 picks a free one
 */
public record ClusterConfig(boolean enabled, String name, String host, int port, List<String> members,
    int eventBusPort) {

  /** Default Hazelcast cluster name. */
  public static final String DEFAULT_NAME = "fusebox-demo";
  /** Default Hazelcast member port (Hazelcast's own). */
  public static final int DEFAULT_PORT = 5701;
  /** Default event-bus port: any free one. */
  public static final int DEFAULT_EVENT_BUS_PORT = 0;

  /** Copies {@code members}. */
  public ClusterConfig {
    members = List.copyOf(members);
  }

  /** Not clustered, with the defaults for the rest. */
  public static ClusterConfig disabled() {
    return new ClusterConfig(false, DEFAULT_NAME, null, DEFAULT_PORT, List.of(), DEFAULT_EVENT_BUS_PORT);
  }
}
