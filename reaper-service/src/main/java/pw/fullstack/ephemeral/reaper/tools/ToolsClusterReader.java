package pw.fullstack.ephemeral.reaper.tools;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.reaper.expiry.ObservedCluster;

/**
 * What the reaper reads on the tools cluster (every Cluster API {@code Cluster}, every Namespace
 * name) and the one thing it writes there: its own {@code expires-at}/{@code expiry-reason}
 * annotations on this system's Clusters, for people. RBAC: get/list clusters.cluster.x-k8s.io in all
 * namespaces, patch them; list namespaces.
 */
public class ToolsClusterReader {

    public static final ResourceDefinitionContext CLUSTERS = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.x-k8s.io")
            .withVersion("v1beta2")
            .withKind("Cluster")
            .withPlural("clusters")
            .withNamespaced(true)
            .build();

    private final KubernetesClient client;

    public ToolsClusterReader(KubernetesClient client) {
        this.client = client;
    }

    /** Every Cluster, whoever made it: an unlabelled one still holds its name (and maybe its address). */
    public List<ObservedCluster> clusters() {
        return client.genericKubernetesResources(CLUSTERS).inAnyNamespace().list().getItems().stream()
                .map(ToolsClusterReader::observed)
                .toList();
    }

    public Set<String> namespaces() {
        return client.namespaces().list().getItems().stream()
                .map(ns -> ns.getMetadata().getName())
                .collect(Collectors.toSet());
    }

    /**
     * Sets annotations on the Cluster with a JSON patch of the difference ({@code edit}), so the
     * provisioner's annotations are left alone. A Cluster gone meanwhile is not an error.
     */
    public void annotate(String name, Map<String, String> annotations) {
        try {
            client.genericKubernetesResources(CLUSTERS).inNamespace(name).withName(name).edit(cluster -> {
                Map<String, String> merged = new LinkedHashMap<>(
                        cluster.getMetadata().getAnnotations() == null ? Map.of() : cluster.getMetadata().getAnnotations());
                merged.putAll(annotations);
                cluster.getMetadata().setAnnotations(merged);
                return cluster;
            });
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    static ObservedCluster observed(GenericKubernetesResource resource) {
        ObjectMeta metadata = resource.getMetadata();
        return new ObservedCluster(metadata.getName(), metadata.getNamespace(), metadata.getLabels(),
                metadata.getAnnotations(), time(metadata.getCreationTimestamp()), metadata.getDeletionTimestamp() != null);
    }

    private static Instant time(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
