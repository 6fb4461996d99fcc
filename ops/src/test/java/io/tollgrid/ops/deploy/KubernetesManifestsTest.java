package io.tollgrid.ops.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.tollgrid.gateway.GatewaySettings;
import io.tollgrid.grid.node.GridSettings;
import io.tollgrid.ingest.IngestSettings;
import io.tollgrid.settings.Peers;
import io.tollgrid.settings.Settings;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ops/deploy/kubernetes: every object is a valid Kubernetes object (strict: unknown fields and wrong types fail),
 * the workloads hang together, and every Tollgrid container's settings (the ConfigMap plus its downward-API
 * environment) pass the processes' own validation. Broken manifests beside the test are rejected.
 */
class KubernetesManifestsTest {
    private static final Path MANIFESTS = Path.of("deploy", "kubernetes");
    private static final Path BROKEN = Path.of("src", "test", "resources", "deploy-broken");

    @Test
    void manifestsAreValidKubernetesObjectsThatHangTogether() {
        List<HasMetadata> objects = KubernetesManifests.loadDirectory(MANIFESTS);
        KubernetesManifests.check(objects);
        assertEquals(List.of("Namespace", "ConfigMap", "Service", "StatefulSet", "PodDisruptionBudget", "Service",
                        "StatefulSet", "PodDisruptionBudget", "Service", "Deployment", "Deployment"),
                objects.stream().map(HasMetadata::getKind).toList());
        objects.stream().filter(o -> !o.getKind().equals("Namespace"))
                .forEach(o -> assertEquals("tollgrid", o.getMetadata().getNamespace(), o.getKind() + "/" + o.getMetadata().getName()));
    }

    @Test
    void gridAndCassandraAreThreeReplicaStatefulSetsThatTheSettingsName() {
        List<HasMetadata> objects = KubernetesManifests.loadDirectory(MANIFESTS);
        Settings config = configMapSettings(objects);
        StatefulSet grid = KubernetesManifests.find(objects, StatefulSet.class, "tollgrid-grid");
        StatefulSet cassandra = KubernetesManifests.find(objects, StatefulSet.class, "cassandra");
        assertEquals(3, grid.getSpec().getReplicas());
        assertEquals(3, cassandra.getSpec().getReplicas());
        assertTrue(KubernetesManifests.find(objects, Service.class, "tollgrid-grid").getSpec().getPublishNotReadyAddresses(),
                "grid nodes find each other before they are ready");

        Container node = grid.getSpec().getTemplate().getSpec().getContainers().get(0);
        GridSettings settings = GridSettings.from(podSettings(config, node), "unused");
        assertEquals("10.42.0.7", settings.localAddress());
        assertEquals("pod-name-0", settings.instanceName());
        assertEquals(grid.getSpec().getReplicas(), settings.expectedServers());
        assertEquals(IntStream.range(0, 3).mapToObj(i -> "tollgrid-grid-" + i + ".tollgrid-grid.tollgrid.svc.cluster.local:47500").toList(),
                settings.discoveryPeers(), "discovery lists every pod of the StatefulSet by its stable DNS name");
        assertEquals(3, config.integer("cassandra.replication", 1, 1, 5));
        assertEquals(3, config.string("cassandra.contact.points", "").split(";")[0].split(",").length);
        assertProbe(node, node.getReadinessProbe(), "/metrics", config.integer("grid.metrics.port", 9465, 0, 65535));
        assertProbe(node, node.getLivenessProbe(), "/metrics", config.integer("grid.metrics.port", 9465, 0, 65535));
        mainClassExists(node);
    }

    @Test
    void gatewaysAndIngestAreDeploymentsProbedOnTheirRealEndpoints() {
        List<HasMetadata> objects = KubernetesManifests.loadDirectory(MANIFESTS);
        Settings config = configMapSettings(objects);

        Container gateway = container(KubernetesManifests.find(objects, Deployment.class, "tollgrid-gateway").getSpec().getTemplate());
        GatewaySettings gatewaySettings = GatewaySettings.from(podSettings(config, gateway));
        assertEquals("10.42.0.7", gatewaySettings.httpHost());
        assertEquals("10.42.0.7", gatewaySettings.grid().localAddress());
        assertEquals(3, gatewaySettings.grid().discoveryPeers().size());
        assertProbe(gateway, gateway.getReadinessProbe(), "/health/ready", gatewaySettings.httpPort());
        assertProbe(gateway, gateway.getLivenessProbe(), "/health", gatewaySettings.httpPort());
        assertTrue(KubernetesManifests.find(objects, Deployment.class, "tollgrid-gateway").getSpec().getReplicas() >= 2);
        mainClassExists(gateway);

        Container ingest = container(KubernetesManifests.find(objects, Deployment.class, "tollgrid-ingest").getSpec().getTemplate());
        Settings ingestRaw = podSettings(config, ingest);
        IngestSettings ingestSettings = IngestSettings.from(ingestRaw);
        assertEquals("10.42.0.7", ingestSettings.hazelcastAddress());
        assertEquals(List.of("10.42.0.7:5701"), ingestSettings.hazelcastMemberAddresses());
        assertProbe(ingest, ingest.getReadinessProbe(), "/metrics", ingestRaw.integer("ingest.metrics.port", 9466, 0, 65535));
        assertProbe(ingest, ingest.getLivenessProbe(), "/metrics", ingestRaw.integer("ingest.metrics.port", 9466, 0, 65535));
        mainClassExists(ingest);
    }

    @Test
    void brokenManifestsAreRejected() {
        assertRejected("unknown-field.yaml", "unknown field(s) [Deployment.spec.replica]");
        assertRejected("deep-unknown-field.yaml", "Deployment.spec.template.spec.containers[0].readinesProbe");
        assertRejected("wrong-type.yaml", "three");
        assertRejected("unknown-kind.yaml", "not a known Kubernetes kind");
        assertRejected("probe-port.yaml", "readinessProbe: port health is not one of the container's ports");
        assertRejected("no-liveness.yaml", "livenessProbe is missing");
        assertRejected("selector.yaml", "does not match the pod template's labels");
        assertRejected("not-headless.yaml", "is not a headless Service");
    }

    private static void assertRejected(String file, String expected) {
        KubernetesManifests.InvalidManifest e = assertThrows(KubernetesManifests.InvalidManifest.class,
                () -> KubernetesManifests.check(KubernetesManifests.load(BROKEN.resolve(file))), file);
        assertTrue(e.getMessage().contains(expected), file + ": " + e.getMessage());
    }

    private static Container container(PodTemplateSpec template) {
        return template.getSpec().getContainers().get(0);
    }

    private static void assertProbe(Container container, Probe probe, String path, int port) {
        assertNotNull(probe.getHttpGet(), container.getName() + " probes over HTTP");
        assertEquals(path, probe.getHttpGet().getPath());
        assertEquals(port, KubernetesManifests.containerPort(container, probe.getHttpGet().getPort()),
                container.getName() + " probes the port its settings serve on");
    }

    private static void mainClassExists(Container container) {
        List<String> command = container.getCommand();
        assertTrue(command.contains("@/opt/tollgrid/jvm.args"), container.getName() + " runs with the Ignite JVM flags");
        String main = command.get(command.size() - 2);
        try {
            Class.forName(main).getMethod("main", String[].class);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(container.getName() + " runs " + main + ", which has no main method", e);
        }
        assertEquals("/etc/tollgrid/tollgrid.properties", command.get(command.size() - 1));
    }

    private static Settings configMapSettings(List<HasMetadata> objects) {
        ConfigMap config = KubernetesManifests.find(objects, ConfigMap.class, "tollgrid-config");
        try {
            Path file = Files.createTempFile("tollgrid-k8s", ".properties");
            Files.writeString(file, config.getData().get("tollgrid.properties"));
            return Settings.load(file, Map.of(), new Properties());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The settings a pod's process reads: the ConfigMap, overridden by its environment as the pod would set it. */
    private static Settings podSettings(Settings config, Container container) {
        Settings settings = config;
        Map<String, String> env = new HashMap<>();
        for (EnvVar variable : container.getEnv()) {
            String value = variable.getValue();
            if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
                value = switch (variable.getValueFrom().getFieldRef().getFieldPath()) {
                    case "status.podIP" -> "10.42.0.7";
                    case "metadata.name" -> "pod-name-0";
                    default -> throw new AssertionError("unexpected fieldRef " + variable.getValueFrom().getFieldRef().getFieldPath());
                };
            } else if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
                value = "a-secret-of-24-characters";
            }
            env.put(variable.getName(), value);
        }
        for (Map.Entry<String, String> entry : env.entrySet()) {
            if (entry.getKey().startsWith("TOLLGRID_")) {
                settings = settings.with(entry.getKey().substring("TOLLGRID_".length()).toLowerCase(java.util.Locale.ROOT)
                        .replace('_', '.'), entry.getValue());
            }
        }
        // The same peers parse for the Ignite finder (sanity: no entry is dropped).
        assertEquals(settings.string("grid.discovery.addresses", "").split(",").length,
                Peers.list("grid.discovery.addresses", settings.string("grid.discovery.addresses", "x"), 47500, 47500, true).size());
        return settings;
    }
}
