package pw.fullstack.ephemeral.provisioner.clusterapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.templates.ManifestObject;

/**
 * Everything the provisioner does on the tools cluster. Create-or-update only (fabric8's mock
 * server has no server-side apply); annotations are changed with {@code edit}, which sends a JSON
 * patch of the difference.
 */
@ApplicationScoped
public class ToolsCluster {

    @Inject
    KubernetesClient client;

    @Inject
    KubernetesSerialization serialization;

    /** Where the site's Proxmox API credentials are; each cluster's namespace gets a copy of the same name. */
    public record CredentialsCopy(String namespace, String name) {
    }

    /**
     * Applies the objects: the Namespace first, then the cluster's copy of the site's credentials Secret,
     * then the rest in template order.
     *
     * @throws IllegalStateException when the site's credentials Secret does not exist (retried: a site fixes it)
     */
    public void apply(List<ManifestObject> objects, Map<String, String> labels, Map<String, String> annotations,
                      CredentialsCopy credentials) {
        List<ManifestObject> ordered = new ArrayList<>(objects);
        ordered.sort((a, b) -> Boolean.compare(!a.kind().equals("Namespace"), !b.kind().equals("Namespace")));
        for (ManifestObject object : ordered) {
            if (object.kind().equals("Namespace")) {
                Namespace namespace = serialization.convertValue(object.content(), Namespace.class);
                decorate(namespace, labels, annotations);
                client.namespaces().resource(namespace).createOr(NonDeletingOperation::update);
                copyCredentials(credentials, namespace.getMetadata().getName(), labels);
            } else {
                GenericKubernetesResource resource = serialization.convertValue(object.content(), GenericKubernetesResource.class);
                decorate(resource, labels, annotations);
                client.genericKubernetesResources(ClusterApiKinds.of(object)).inNamespace(object.namespace())
                        .resource(resource).createOr(NonDeletingOperation::update);
            }
        }
    }

    private void copyCredentials(CredentialsCopy source, String namespace, Map<String, String> labels) {
        Secret site = client.secrets().inNamespace(source.namespace()).withName(source.name()).get();
        if (site == null) {
            throw new IllegalStateException("the Proxmox credentials Secret " + source.namespace() + "/" + source.name()
                    + " does not exist; every cluster gets a copy of it (provisioner.template.credentials-*)");
        }
        Secret copy = new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName(source.name()).withNamespace(namespace).withLabels(labels).endMetadata()
                .withType(site.getType()).withData(site.getData()).withStringData(site.getStringData()).build();
        Secret existing = client.secrets().inNamespace(namespace).withName(source.name()).get();
        if (existing == null) {
            client.secrets().inNamespace(namespace).resource(copy).create();
        } else if (!java.util.Objects.equals(existing.getData(), site.getData())) {
            // Rotated at the site: the copy follows; CAPMOX's ownerReference and finalizer on it stay.
            retryingConflicts(() -> client.secrets().inNamespace(namespace).withName(source.name()).edit(s -> {
                s.setData(site.getData());
                return s;
            }));
        }
    }

    private static void decorate(HasMetadata object, Map<String, String> labels, Map<String, String> annotations) {
        ObjectMeta metadata = object.getMetadata();
        Map<String, String> mergedLabels = new LinkedHashMap<>(metadata.getLabels() == null ? Map.of() : metadata.getLabels());
        mergedLabels.putAll(labels);
        metadata.setLabels(mergedLabels);
        Map<String, String> mergedAnnotations = new LinkedHashMap<>(
                metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
        mergedAnnotations.putAll(annotations);
        metadata.setAnnotations(mergedAnnotations);
    }

    /** Whether the namespace of that name exists and whether this system created it (our managed-by label). */
    public Ownership.Namespace namespace(String name) {
        Namespace namespace = client.namespaces().withName(name).get();
        if (namespace == null) {
            return Ownership.Namespace.ABSENT;
        }
        if (!isManaged(namespace.getMetadata())) {
            return Ownership.Namespace.FOREIGN;
        }
        return terminating(namespace) ? Ownership.Namespace.TERMINATING : Ownership.Namespace.OURS;
    }

    /** The observed state of a managed cluster, or empty when neither its Namespace nor its Cluster exists. */
    public Optional<ClusterState> state(String name) {
        Namespace namespace = client.namespaces().withName(name).get();
        GenericKubernetesResource cluster = cluster(name);
        boolean managedNamespace = namespace != null && isManaged(namespace.getMetadata());
        boolean managedCluster = cluster != null && isManaged(cluster.getMetadata());
        if (!managedNamespace && !managedCluster) {
            return Optional.empty();
        }
        Map<String, String> annotations = new HashMap<>();
        if (managedCluster && cluster.getMetadata().getAnnotations() != null) {
            annotations.putAll(cluster.getMetadata().getAnnotations());
        }
        if (managedNamespace && namespace.getMetadata().getAnnotations() != null) {
            annotations.putAll(namespace.getMetadata().getAnnotations());
        }
        boolean terminating = managedNamespace && terminating(namespace);
        if (!managedCluster) {
            return Optional.of(new ClusterState(name, annotations, false, false, List.of(), Optional.empty(), terminating));
        }
        return Optional.of(new ClusterState(name, annotations, true,
                cluster.getMetadata().getDeletionTimestamp() != null, conditions(cluster), providerFailure(cluster),
                terminating));
    }

    /** Names of every managed cluster: labelled Namespaces and labelled Clusters. */
    public List<String> managedNames() {
        TreeSet<String> names = new TreeSet<>();
        client.namespaces().withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER).list().getItems()
                .forEach(ns -> names.add(ns.getMetadata().getName()));
        client.genericKubernetesResources(ClusterApiKinds.CLUSTER).inAnyNamespace()
                .withLabel(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER).list().getItems()
                .forEach(c -> names.add(c.getMetadata().getName()));
        return List.copyOf(names);
    }

    /** Adds annotations to the Namespace and, if it exists, the Cluster. */
    public void annotate(String name, Map<String, String> annotations) {
        annotate(name, annotations, List.of());
    }

    /**
     * Sets and removes annotations on the Namespace and, if it exists, the Cluster, with a patch of
     * the difference: annotations others put there (the reaper's, an operator's) stay.
     */
    public void annotate(String name, Map<String, String> set, java.util.Collection<String> remove) {
        if (client.namespaces().withName(name).get() != null) {
            retryingConflicts(() -> client.namespaces().withName(name).edit(ns -> {
                changeAnnotations(ns.getMetadata(), set, remove);
                return ns;
            }));
        }
        if (cluster(name) != null) {
            retryingConflicts(() -> client.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name)
                    .withName(name).edit(c -> {
                        changeAnnotations(c.getMetadata(), set, remove);
                        return c;
                    }));
        }
    }

    /**
     * A read-modify-write that lost the race against another writer (Cluster API's controllers, the
     * reaper) gets 409 Conflict: read again and apply the same change, a bounded number of times.
     */
    private static void retryingConflicts(Runnable edit) {
        for (int attempt = 1; ; attempt++) {
            try {
                edit.run();
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    private static void changeAnnotations(ObjectMeta metadata, Map<String, String> set, java.util.Collection<String> remove) {
        Map<String, String> merged = new LinkedHashMap<>(metadata.getAnnotations() == null ? Map.of() : metadata.getAnnotations());
        remove.forEach(merged::remove);
        merged.putAll(set);
        metadata.setAnnotations(merged);
    }

    /**
     * Hands the Namespace (whose Cluster is gone) to a new run: every annotation of ours is replaced
     * by {@code annotations}, in one update, so the namespace never shows two owners.
     */
    public void handOver(String name, Map<String, String> annotations) {
        retryingConflicts(() -> client.namespaces().withName(name).edit(ns -> {
            Map<String, String> kept = new LinkedHashMap<>(
                    ns.getMetadata().getAnnotations() == null ? Map.of() : ns.getMetadata().getAnnotations());
            kept.keySet().removeIf(key -> key.startsWith(ClusterLabels.PREFIX));
            kept.putAll(annotations);
            ns.getMetadata().setAnnotations(kept);
            return ns;
        }));
    }

    /** Removes {@code <cluster>-kubeconfig}, e.g. one left by a cluster that no longer exists. */
    public void deleteKubeconfigSecret(String name) {
        client.secrets().inNamespace(name).withName(name + "-kubeconfig").delete();
    }

    /** Asks for the Cluster's deletion; its controllers delete machines and VMs. Idempotent. */
    public void deleteCluster(String name) {
        client.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).withName(name).delete();
    }

    /** Asks for the Namespace's deletion; one already Terminating (the API server answers 409) is fine. */
    public void deleteNamespace(String name) {
        try {
            client.namespaces().withName(name).delete();
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
        }
    }

    private static boolean terminating(Namespace namespace) {
        return namespace.getMetadata().getDeletionTimestamp() != null && !namespace.getMetadata().getDeletionTimestamp().isBlank();
    }

    /** The kubeconfig Cluster API wrote into {@code <cluster>-kubeconfig}, key {@code value}. */
    public Optional<String> kubeconfig(String name) {
        Secret secret = client.secrets().inNamespace(name).withName(name + "-kubeconfig").get();
        if (secret == null) {
            return Optional.empty();
        }
        if (secret.getData() != null && secret.getData().get("value") != null) {
            return Optional.of(new String(Base64.getDecoder().decode(secret.getData().get("value")), StandardCharsets.UTF_8));
        }
        if (secret.getStringData() != null && secret.getStringData().get("value") != null) {
            return Optional.of(secret.getStringData().get("value"));
        }
        return Optional.empty();
    }

    /** {@code spec.controlPlaneEndpoint} of the Cluster as {@code host:port}, if set. */
    public Optional<String> controlPlaneEndpoint(String name) {
        GenericKubernetesResource cluster = cluster(name);
        if (cluster == null) {
            return Optional.empty();
        }
        Object endpoint = cluster.getAdditionalProperties().get("spec") instanceof Map<?, ?> spec ? spec.get("controlPlaneEndpoint") : null;
        if (endpoint instanceof Map<?, ?> e && e.get("host") instanceof String host && !host.isBlank()) {
            Object port = e.get("port");
            return Optional.of(host + ":" + (port == null ? "6443" : port.toString()));
        }
        return Optional.empty();
    }

    public boolean clusterExists(String name) {
        return cluster(name) != null;
    }

    GenericKubernetesResource cluster(String name) {
        return client.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).withName(name).get();
    }

    private static boolean isManaged(ObjectMeta metadata) {
        return metadata.getLabels() != null && ClusterLabels.MANAGER.equals(metadata.getLabels().get(ClusterLabels.MANAGED_BY));
    }

    static List<Condition> conditions(GenericKubernetesResource cluster) {
        List<Condition> result = new ArrayList<>();
        if (cluster.getAdditionalProperties().get("status") instanceof Map<?, ?> status
                && status.get("conditions") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> c && c.get("type") instanceof String type) {
                    result.add(new Condition(type, String.valueOf(c.get("status")), text(c.get("reason")), text(c.get("message"))));
                }
            }
        }
        return result;
    }

    /** status.phase Failed, or a failureReason/failureMessage (v1beta1, or v1beta2's status.deprecated.v1beta1). */
    static Optional<String> providerFailure(GenericKubernetesResource cluster) {
        if (!(cluster.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
            return Optional.empty();
        }
        Map<?, ?> legacy = status;
        if (status.get("deprecated") instanceof Map<?, ?> deprecated && deprecated.get("v1beta1") instanceof Map<?, ?> v1beta1) {
            legacy = v1beta1;
        }
        String reason = firstText(legacy.get("failureReason"), status.get("failureReason"));
        String message = firstText(legacy.get("failureMessage"), status.get("failureMessage"));
        if (reason != null || message != null) {
            return Optional.of(oneLine((reason == null ? "" : reason + ": ") + (message == null ? "" : message)));
        }
        if ("Failed".equals(status.get("phase"))) {
            return Optional.of("Cluster phase Failed");
        }
        return Optional.empty();
    }

    private static String firstText(Object first, Object second) {
        String a = text(first);
        return a != null ? a : text(second);
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("[\\r\\n\\t]+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
