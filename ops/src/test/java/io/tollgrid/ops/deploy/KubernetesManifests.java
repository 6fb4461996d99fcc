package io.tollgrid.ops.deploy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loads Kubernetes manifests strictly against the Kubernetes API model (fabric8's typed model of every kind):
 * an unknown kind, an unknown field anywhere (the model keeps those aside instead of failing, so they are looked
 * for) or a value of the wrong type is an error, as {@code kubectl apply --validate=strict} would make it. Then
 * checks what the schema cannot: selectors match their pod labels, a StatefulSet's service is headless and
 * exists, every container has readiness and liveness probes on ports it declares, config maps exist.
 */
final class KubernetesManifests {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    /** A manifest is invalid; the message says which file, object and field. */
    static final class InvalidManifest extends RuntimeException {
        InvalidManifest(String message) {
            super(message);
        }

        InvalidManifest(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private KubernetesManifests() {
    }

    /** Every object of every .yaml file in the directory, strictly typed. */
    static List<HasMetadata> loadDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<HasMetadata> all = new ArrayList<>();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                all.addAll(load(file));
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<HasMetadata> objects = new ArrayList<>();
        int index = 0;
        for (String document : text.split("(?m)^---\\s*$")) {
            index++;
            if (document.lines().allMatch(line -> line.isBlank() || line.trim().startsWith("#"))) {
                continue;
            }
            String where = file.getFileName() + " document " + index;
            Object parsed;
            try {
                parsed = SERIALIZATION.unmarshal(document);
            } catch (RuntimeException e) {
                throw new InvalidManifest(where + ": " + rootMessage(e), e);
            }
            if (!(parsed instanceof HasMetadata object) || parsed instanceof GenericKubernetesResource) {
                throw new InvalidManifest(where + ": not a known Kubernetes kind: "
                        + (parsed instanceof HasMetadata h ? h.getApiVersion() + "/" + h.getKind() : parsed));
            }
            where = file.getFileName() + " " + object.getKind() + "/" + object.getMetadata().getName();
            List<String> unknown = new ArrayList<>();
            unknownFields(object, object.getKind(), unknown);
            if (!unknown.isEmpty()) {
                throw new InvalidManifest(where + ": unknown field(s) " + unknown);
            }
            objects.add(object);
        }
        return objects;
    }

    /** The checks a schema cannot make, across all objects. */
    static void check(List<HasMetadata> objects) {
        for (HasMetadata object : objects) {
            String where = object.getKind() + "/" + object.getMetadata().getName();
            if (object.getMetadata().getName() == null) {
                throw new InvalidManifest(object.getKind() + " without metadata.name");
            }
            if (object instanceof StatefulSet set) {
                checkWorkload(where, set.getSpec().getSelector(), set.getSpec().getTemplate(), objects);
                Service service = find(objects, Service.class, set.getSpec().getServiceName());
                if (service == null || !"None".equals(service.getSpec().getClusterIP())) {
                    throw new InvalidManifest(where + ": serviceName " + set.getSpec().getServiceName()
                            + " is not a headless Service (clusterIP: None) in these manifests");
                }
            } else if (object instanceof Deployment deployment) {
                checkWorkload(where, deployment.getSpec().getSelector(), deployment.getSpec().getTemplate(), objects);
            }
        }
    }

    static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> kind, String name) {
        return objects.stream().filter(kind::isInstance).map(kind::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst().orElse(null);
    }

    private static void checkWorkload(String where, LabelSelector selector, PodTemplateSpec template, List<HasMetadata> objects) {
        Map<String, String> labels = template.getMetadata().getLabels();
        if (selector == null || selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty()) {
            throw new InvalidManifest(where + ": no selector.matchLabels");
        }
        selector.getMatchLabels().forEach((key, value) -> {
            if (labels == null || !value.equals(labels.get(key))) {
                throw new InvalidManifest(where + ": selector " + key + "=" + value + " does not match the pod template's labels");
            }
        });
        for (Volume volume : template.getSpec().getVolumes()) {
            if (volume.getConfigMap() != null && find(objects, ConfigMap.class, volume.getConfigMap().getName()) == null) {
                throw new InvalidManifest(where + ": volume " + volume.getName() + " names ConfigMap "
                        + volume.getConfigMap().getName() + ", which these manifests do not define");
            }
        }
        for (Container container : template.getSpec().getContainers()) {
            String at = where + " container " + container.getName();
            if (container.getImage() == null || container.getImage().isBlank()) {
                throw new InvalidManifest(at + ": no image");
            }
            checkProbe(at + " readinessProbe", container.getReadinessProbe(), container);
            checkProbe(at + " livenessProbe", container.getLivenessProbe(), container);
            if (container.getStartupProbe() != null) {
                checkProbe(at + " startupProbe", container.getStartupProbe(), container);
            }
        }
    }

    private static void checkProbe(String where, Probe probe, Container container) {
        if (probe == null) {
            throw new InvalidManifest(where + " is missing");
        }
        IntOrString port;
        if (probe.getHttpGet() != null) {
            port = probe.getHttpGet().getPort();
            if (probe.getHttpGet().getPath() == null || !probe.getHttpGet().getPath().startsWith("/")) {
                throw new InvalidManifest(where + ": httpGet needs an absolute path");
            }
        } else if (probe.getTcpSocket() != null) {
            port = probe.getTcpSocket().getPort();
        } else if (probe.getExec() != null) {
            return;
        } else {
            throw new InvalidManifest(where + ": no httpGet, tcpSocket or exec action");
        }
        if (containerPort(container, port) == null) {
            throw new InvalidManifest(where + ": port " + (port == null ? null : port.getValue())
                    + " is not one of the container's ports");
        }
    }

    /** The container port a probe's port (a number or a name) means, or null. */
    static Integer containerPort(Container container, IntOrString port) {
        if (port == null) {
            return null;
        }
        for (ContainerPort declared : container.getPorts()) {
            if (port.getIntVal() != null ? port.getIntVal().equals(declared.getContainerPort())
                    : port.getStrVal().equals(declared.getName())) {
                return declared.getContainerPort();
            }
        }
        return null;
    }

    /** Collects the paths of fields the model did not know (kept in additionalProperties) anywhere in the object. */
    private static void unknownFields(Object value, String path, List<String> unknown) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", unknown);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> unknownFields(item, path + "." + key, unknown));
            return;
        }
        if (!value.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method method : value.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || Modifier.isStatic(method.getModifiers())
                    || !method.getName().startsWith("get") || method.getName().equals("getClass")) {
                continue;
            }
            Object field;
            try {
                field = method.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            String name = Character.toLowerCase(method.getName().charAt(3)) + method.getName().substring(4);
            if (name.equals("additionalProperties")) {
                if (field instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(key -> unknown.add(path + "." + key));
                }
            } else if (!(value instanceof IntOrString)) {
                unknownFields(field, path + "." + name, unknown);
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage().lines().findFirst().orElse("");
    }
}
