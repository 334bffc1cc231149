package dev.fusebox.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import dev.fusebox.demo.config.ConfigLoader;
import dev.fusebox.demo.config.DemoConfig;
import dev.fusebox.demo.testing.RepoPaths;
import dev.fusebox.demo.testing.TestFiles;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Helm chart through helm-java: {@code lint --strict} and {@code template} with the default values and with
 * every optional object enabled, the rendered objects read into typed fabric8 models and checked.
 */
class HelmChartTest {

  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
  private static final Path ALL_ENABLED = Path.of("src/test/resources/helm/all-enabled-values.yaml");
  private static final String UNHOOKED = "fusebox.test/helm-hook";

  @TempDir
  Path temp;

  @Test
  void defaultValuesLintStrictAndRenderAHardenedDeployment() throws Exception {
    LintResult lint = new Helm(RepoPaths.chart()).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();

    // helm template leaves hooks out: render a copy whose test hook is an ordinary object, to check it too
    Rendered r = new Rendered(new Helm(chartWithTestHookUnhooked()).template().withName("demo")
        .withNamespace("shop").call());

    assertThat(r.kinds()).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment",
        "HorizontalPodAutoscaler", "PodDisruptionBudget", "Pod");
    Deployment deployment = r.one(Deployment.class);
    assertThat(deployment.getMetadata().getName()).isEqualTo("demo-fusebox-demo");
    assertThat(deployment.getSpec().getReplicas()).as("replicas belong to the HPA").isNull();
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container app = pod.getContainers().get(0);
    assertThat(app.getImage()).isEqualTo("fusebox-demo:0.1.0");

    // probes from values: liveness and startup on /health, readiness on /ready, on the named port
    assertThat(app.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(app.getLivenessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
    assertThat(app.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/ready");
    assertThat(app.getReadinessProbe().getHttpGet().getPort()).isEqualTo(new IntOrString("http"));
    assertThat(app.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(app.getLifecycle().getPreStop().getExec().getCommand()).containsExactly("sleep", "5");
    assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(30L);

    // ports and the Service: 80 -> http (8080), 9090 -> metrics (9090)
    assertThat(app.getPorts()).extracting(p -> p.getName() + ":" + p.getContainerPort())
        .containsExactly("http:8080", "metrics:9090");
    Service service = r.one(Service.class);
    assertThat(service.getSpec().getPorts()).extracting(ServicePort::getPort, ServicePort::getTargetPort)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(80, new IntOrString("http")),
            org.assertj.core.groups.Tuple.tuple(9090, new IntOrString("metrics")));
    assertThat(service.getSpec().getSelector()).isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
        .containsAllEntriesOf(service.getSpec().getSelector());

    // environment: the names of SPEC section 6 and the standard OTEL_* variables
    Map<String, String> env = env(app);
    assertThat(env).containsEntry("HTTP_PORT", "8080").containsEntry("METRICS_PORT", "9090")
        .containsEntry("DEMO_CONFIG", "/etc/fusebox/config.json").containsEntry("DEMO_ADMIN_ENABLED", "false")
        .containsEntry("OTEL_SERVICE_NAME", "demo-fusebox-demo")
        .containsEntry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
        .containsEntry("OTEL_RESOURCE_ATTRIBUTES", "k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE)")
        .doesNotContainKeys("USER_API_URL", "OTEL_EXPORTER_OTLP_ENDPOINT");
    assertThat(app.getEnv()).filteredOn(e -> e.getName().equals("POD_NAME")).singleElement()
        .satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.name"));

    // resources
    assertThat(app.getResources().getRequests()).containsEntry("cpu", new Quantity("100m"))
        .containsEntry("memory", new Quantity("64Mi"));
    // the limit ContainerImageIT runs the image under (--memory 128m)
    assertThat(app.getResources().getLimits()).containsEntry("memory", new Quantity("128Mi"));

    // security: non-root, read-only root filesystem, no capabilities, an emptyDir on /tmp
    assertHardened(app.getSecurityContext());
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getSecurityContext().getRunAsUser()).isPositive();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(mount(app, "/tmp").getName()).isEqualTo("tmp");
    assertThat(volume(pod, "tmp").getEmptyDir()).isNotNull();
    assertThat(mount(app, "/etc/fusebox").getReadOnly()).isTrue();
    assertThat(volume(pod, "config").getConfigMap().getName()).isEqualTo("demo-fusebox-demo");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations())
        .containsKey("checksum/config").containsEntry("prometheus.io/port", "9090");

    // the mounted configuration is one the service starts with: the SPEC defaults
    DemoConfig config = loadMountedConfig(r.one(ConfigMap.class));
    assertThat(config.cacheMaxSize()).isEqualTo(10_000);
    assertThat(config.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.guard()).isEqualTo(ConfigLoader.defaultGuard());
    assertThat(config.deadline()).isEqualTo(DemoConfig.DEFAULT_DEADLINE);
    assertThat(config.serveStaleAfter()).as("90 % of the deadline").isEqualTo(Duration.ofMillis(900));

    HorizontalPodAutoscaler hpa = r.one(HorizontalPodAutoscaler.class);
    assertThat(hpa.getSpec().getScaleTargetRef().getName()).isEqualTo("demo-fusebox-demo");
    assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(2);
    PodDisruptionBudget pdb = r.one(PodDisruptionBudget.class);
    assertThat(pdb.getSpec().getMinAvailable()).isEqualTo(new IntOrString(1));
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());
    assertThat(r.one(ServiceAccount.class).getAutomountServiceAccountToken()).isFalse();

    Pod test = r.one(Pod.class);
    assertThat(test.getMetadata().getAnnotations()).containsEntry(UNHOOKED, "test");
    assertThat(test.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertHardened(test.getSpec().getContainers().get(0).getSecurityContext());
    assertThat(String.join(" ", test.getSpec().getContainers().get(0).getCommand()))
        .contains("http://demo-fusebox-demo:80/ready", "http://demo-fusebox-demo:9090/metrics");
  }

  @Test
  void everyOptionalObjectEnabledLintsStrictAndRendersWithTheAlertRules() throws Exception {
    Path chart = chartWithValues(ALL_ENABLED);
    LintResult lint = new Helm(chart).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();

    Rendered r = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo").withNamespace("shop")
        .withValuesFile(ALL_ENABLED.toAbsolutePath()).call());

    assertThat(r.kinds()).contains("ServiceMonitor", "PrometheusRule", "HorizontalPodAutoscaler",
        "PodDisruptionBudget");
    Deployment deployment = r.one(Deployment.class);
    assertThat(deployment.getMetadata().getName()).isEqualTo("fusebox");
    PodSpec pod = deployment.getSpec().getTemplate().getSpec();
    Container app = pod.getContainers().get(0);
    assertThat(app.getImage()).isEqualTo("registry.example.com/fusebox-demo:1.2.3");
    assertThat(pod.getImagePullSecrets()).extracting(s -> s.getName()).containsExactly("registry-credentials");
    assertThat(pod.getNodeSelector()).containsEntry("kubernetes.io/os", "linux");
    assertThat(pod.getTolerations()).hasSize(1);
    assertThat(pod.getAffinity().getPodAntiAffinity()).isNotNull();
    assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("tier", "backend");
    assertThat(env(app)).containsEntry("USER_API_URL", "http://users.example.svc:8080/api")
        .containsEntry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://otel-collector.observability:4318")
        .containsEntry("OTEL_SERVICE_NAME", "users-edge")
        .containsEntry("OTEL_RESOURCE_ATTRIBUTES",
            "k8s.pod.name=$(POD_NAME),k8s.namespace.name=$(POD_NAMESPACE),deployment.environment=staging")
        .containsEntry("DEMO_ADMIN_ENABLED", "true")
        .containsEntry("EXTRA_FLAG", "on");
    assertHardened(app.getSecurityContext());

    DemoConfig config = loadMountedConfig(r.named(ConfigMap.class, "fusebox"));
    assertThat(config.guard().getString("timeout")).isEqualTo("500ms");
    assertThat(config.guard().getJsonObject("circuitBreaker").getInteger("countWindow")).isEqualTo(50);
    assertThat(config.guard().getJsonObject("circuitBreaker").containsKey("window")).isFalse();

    GenericKubernetesResource monitor = r.generic("ServiceMonitor");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
    assertThat(path(monitor.getAdditionalProperties(), "spec", "endpoints", 0, "port")).isEqualTo("metrics");
    assertThat(path(monitor.getAdditionalProperties(), "spec", "endpoints", 0, "path")).isEqualTo("/metrics");
    assertThat(path(monitor.getAdditionalProperties(), "spec", "selector", "matchLabels"))
        .isEqualTo(deployment.getSpec().getSelector().getMatchLabels());

    GenericKubernetesResource rule = r.generic("PrometheusRule");
    List<Object> exprs = new ArrayList<>();
    List<?> rules = (List<?>) path(rule.getAdditionalProperties(), "spec", "groups", 0, "rules");
    rules.forEach(x -> exprs.add(((Map<?, ?>) x).get("expr")));
    assertThat(exprs).containsExactly("circuit_breaker_state{state=\"open\"} == 1",
        "rate(circuit_breaker_failures_total[5m]) / rate(circuit_breaker_requests_total[5m]) > 0.5");
    // the Grafana dashboard, verbatim, where the Grafana sidecar looks for it
    ConfigMap dashboard = r.named(ConfigMap.class, "fusebox-grafana-dashboard");
    assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("monitoring");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1")
        .containsEntry("release", "prometheus").containsEntry("app.kubernetes.io/name", "fusebox-demo");
    assertThat(dashboard.getMetadata().getAnnotations()).containsEntry("grafana_folder", "Fusebox");
    String json = Files.readString(RepoPaths.chart().resolve("files/grafana-dashboard.json"));
    assertThat(dashboard.getData()).containsOnlyKeys("fusebox-demo.json");
    assertThat(new io.vertx.core.json.JsonObject(dashboard.getData().get("fusebox-demo.json")))
        .isEqualTo(new io.vertx.core.json.JsonObject(json));

    // the same groups as the rules file promtool tests
    Map<?, ?> file = SERIALIZATION.unmarshal(
        Files.readString(RepoPaths.chart().resolve("files/alerts.yaml")), Map.class);
    assertThat(path(rule.getAdditionalProperties(), "spec", "groups")).isEqualTo(file.get("groups"));
  }

  @Test
  void aChangeOfTheGuardAloneUpdatesTheConfigMapWithoutRestartingThePods() throws Exception {
    // the running pods reload userApi.guard in place; anything else takes effect at a restart
    Rendered base = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo").call());
    Rendered guard = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo")
        .set("guard.timeout", "500ms").call());
    Rendered cache = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo")
        .set("cache.maxSize", "5000").call());

    Rendered early = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo")
        .set("userApi.serveStaleAfter", "700ms").call());

    assertThat(loadMountedConfig(guard.one(ConfigMap.class)).guard().getString("timeout")).isEqualTo("500ms");
    assertThat(checksum(guard)).isEqualTo(checksum(base));
    assertThat(checksum(cache)).isNotEqualTo(checksum(base));
    assertThat(loadMountedConfig(early.one(ConfigMap.class)).serveStaleAfter()).isEqualTo(Duration.ofMillis(700));
    assertThat(checksum(early)).as("read at start-up only").isNotEqualTo(checksum(base));
  }

  @Test
  void clusterEnabledAddsAHeadlessMemberServiceTheDiscoveryRbacAndTheHazelcastKubernetesSettings() throws Exception {
    Path clusterValues = Path.of("src/test/resources/helm/cluster-enabled-values.yaml");
    LintResult lint = new Helm(chartWithValues(clusterValues)).lint().strict().call();
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    Rendered r = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo").withNamespace("shop")
        .set("cluster.enabled", "true").call());

    Service members = r.named(Service.class, "demo-fusebox-demo-cluster");
    assertThat(members.getSpec().getClusterIP()).as("headless").isEqualTo("None");
    assertThat(members.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(members.getSpec().getPorts()).extracting(ServicePort::getName, ServicePort::getPort)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("hazelcast", 5701),
            org.assertj.core.groups.Tuple.tuple("eventbus", 41000));
    assertThat(r.kinds()).contains("Role", "RoleBinding");

    PodSpec pod = r.one(Deployment.class).getSpec().getTemplate().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).as("discovery reads the Kubernetes API").isTrue();
    Container app = pod.getContainers().get(0);
    Map<String, String> env = app.getEnv().stream().filter(e -> e.getValue() != null)
        .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    // the demo starts a clustered Vert.x, and Hazelcast reads its HZ_* variables over the demo's settings
    assertThat(env).containsEntry("DEMO_CLUSTER_ENABLED", "true")
        .containsEntry("DEMO_CLUSTER_NAME", "demo-fusebox-demo")
        .containsEntry("HZ_NETWORK_JOIN_KUBERNETES_ENABLED", "true")
        .containsEntry("HZ_NETWORK_JOIN_MULTICAST_ENABLED", "false")
        .containsEntry("HZ_NETWORK_JOIN_KUBERNETES_SERVICENAME", "demo-fusebox-demo-cluster")
        .containsEntry("HZ_NETWORK_PORT_PORT", "5701")
        .containsEntry("VERTX_EVENTBUS_PORT", "41000");
    assertThat(app.getEnv()).filteredOn(e -> e.getName().equals("HZ_NETWORK_JOIN_KUBERNETES_NAMESPACE"))
        .singleElement().satisfies(e -> assertThat(e.getValueFrom().getFieldRef().getFieldPath())
            .isEqualTo("metadata.namespace"));
    assertThat(app.getPorts()).extracting(p -> p.getName()).contains("hazelcast", "eventbus");
    // a Hazelcast member peaks at ~155 MiB: cluster.resources over the seed's 128Mi, the CPU request kept
    assertThat(app.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
    assertThat(app.getResources().getRequests().get("memory").toString()).isEqualTo("160Mi");
    assertThat(app.getResources().getRequests().get("cpu").toString()).isEqualTo("100m");

    // off by default: none of it
    Rendered plain = new Rendered(new Helm(RepoPaths.chart()).template().withName("demo").call());
    assertThat(plain.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getResources()
        .getLimits().get("memory").toString()).isEqualTo("128Mi");
    assertThat(plain.kinds()).doesNotContain("Role", "RoleBinding");
    assertThat(plain.one(Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(EnvVar::getName).noneMatch(name -> name.startsWith("HZ_") || name.startsWith("DEMO_CLUSTER_"));
  }

  private static String checksum(Rendered r) {
    return r.one(Deployment.class).getSpec().getTemplate().getMetadata().getAnnotations().get("checksum/config");
  }

  private static void assertHardened(SecurityContext security) {
    assertThat(security.getRunAsNonRoot()).isTrue();
    assertThat(security.getReadOnlyRootFilesystem()).isTrue();
    assertThat(security.getAllowPrivilegeEscalation()).isFalse();
    assertThat(security.getCapabilities().getDrop()).containsExactly("ALL");
    assertThat(security.getCapabilities().getAdd()).isNullOrEmpty();
  }

  private static Map<String, String> env(Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvVar e : container.getEnv()) {
      env.put(e.getName(), e.getValue());
    }
    return env;
  }

  private static VolumeMount mount(Container container, String path) {
    return container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(path)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume mounted on " + path));
  }

  private static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream().filter(v -> v.getName().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no volume " + name));
  }

  /** Starts the configuration loader on the ConfigMap's config.json, as DEMO_CONFIG does in the pod. */
  private static DemoConfig loadMountedConfig(ConfigMap map) {
    String json = map.getData().get("config.json");
    assertThat(json).isNotBlank();
    return ConfigLoader.load(List.of(), Map.of("DEMO_CONFIG", TestFiles.json(json)));
  }

  private static Object path(Object root, Object... steps) {
    Object at = root;
    for (Object step : steps) {
      at = step instanceof Integer i ? ((List<?>) at).get(i) : ((Map<?, ?>) at).get(step);
      assertThat(at).as("%s in %s", step, root).isNotNull();
    }
    return at;
  }

  /** A copy of the chart whose values.yaml is the chart's own with {@code overrides} merged in, as Helm would. */
  @SuppressWarnings("unchecked")
  private Path chartWithValues(Path overrides) throws IOException {
    Path copy = copyChart("with-values");
    Map<String, Object> values = SERIALIZATION.unmarshal(Files.readString(copy.resolve("values.yaml")), Map.class);
    Map<String, Object> extra = SERIALIZATION.unmarshal(Files.readString(overrides), Map.class);
    Files.writeString(copy.resolve("values.yaml"), SERIALIZATION.asYaml(merge(values, extra)));
    return copy;
  }

  /** A copy of the chart in which the {@code helm test} pod is no hook, so {@code helm template} renders it. */
  private Path chartWithTestHookUnhooked() throws IOException {
    Path copy = copyChart("unhooked");
    Path test = copy.resolve("templates/tests/test-connection.yaml");
    String text = Files.readString(test);
    assertThat(text).contains("\"helm.sh/hook\": test");
    Files.writeString(test, text.replace("\"helm.sh/hook\"", "\"" + UNHOOKED + "\""));
    return copy;
  }

  private Path copyChart(String name) throws IOException {
    Path copy = temp.resolve(name).resolve("fusebox-demo");
    try (Stream<Path> files = Files.walk(RepoPaths.chart())) {
      for (Path source : files.collect(Collectors.toList())) {
        Path target = copy.resolve(RepoPaths.chart().relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
    return copy;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> out = new LinkedHashMap<>(base);
    over.forEach((key, value) -> {
      if (value == null) {
        out.remove(key);
      } else if (value instanceof Map<?, ?> m && out.get(key) instanceof Map<?, ?> b) {
        out.put(key, merge((Map<String, Object>) b, (Map<String, Object>) m));
      } else {
        out.put(key, value);
      }
    });
    return out;
  }

  /** The objects of one {@code helm template} output. */
  private static final class Rendered {
    private final List<HasMetadata> objects = new ArrayList<>();

    Rendered(String yaml) {
      for (String doc : yaml.split("(?m)^---\\s*$")) {
        boolean content = doc.lines().anyMatch(l -> !l.isBlank() && !l.trim().startsWith("#"));
        if (content) {
          objects.add(SERIALIZATION.unmarshal(doc));
        }
      }
      assertThat(objects).isNotEmpty();
    }

    List<String> kinds() {
      return objects.stream().map(HasMetadata::getKind).toList();
    }

    <T extends HasMetadata> T one(Class<T> type) {
      List<T> found = objects.stream().filter(type::isInstance).map(type::cast).toList();
      assertThat(found).as("objects of %s", type.getSimpleName()).hasSize(1);
      return found.get(0);
    }

    <T extends HasMetadata> T named(Class<T> type, String name) {
      List<T> found = objects.stream().filter(type::isInstance).map(type::cast)
          .filter(o -> name.equals(o.getMetadata().getName())).toList();
      assertThat(found).as("objects of %s named %s", type.getSimpleName(), name).hasSize(1);
      return found.get(0);
    }

    GenericKubernetesResource generic(String kind) {
      List<HasMetadata> found = objects.stream().filter(o -> o.getKind().equals(kind)).toList();
      assertThat(found).as("objects of kind %s", kind).hasSize(1);
      assertThat(found.get(0)).isInstanceOf(GenericKubernetesResource.class);
      return (GenericKubernetesResource) found.get(0);
    }
  }
}
