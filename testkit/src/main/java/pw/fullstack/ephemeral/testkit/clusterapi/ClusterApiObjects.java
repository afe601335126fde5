package pw.fullstack.ephemeral.testkit.clusterapi;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Small objects the upstream schemas and webhooks accept, for tests that seed a tools cluster by
 * hand (e.g. the state a crashed process left behind).
 */
public final class ClusterApiObjects {

    private ClusterApiObjects() {
    }

    /**
     * A {@code cluster.x-k8s.io/v1beta2} Cluster shaped like the template's: pod and service CIDRs,
     * a KThreesControlPlane {@code <name>-control-plane} and a ProxmoxCluster {@code <name>}.
     */
    public static GenericKubernetesResource cluster(String name, String namespace, Map<String, String> labels,
                                                    Map<String, String> annotations) {
        GenericKubernetesResource cluster = new GenericKubernetesResource();
        cluster.setApiVersion("cluster.x-k8s.io/v1beta2");
        cluster.setKind("Cluster");
        cluster.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace)
                .withLabels(new LinkedHashMap<>(labels)).withAnnotations(new LinkedHashMap<>(annotations)).build());
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("clusterNetwork", Map.of(
                "pods", Map.of("cidrBlocks", List.of("10.42.0.0/16")),
                "services", Map.of("cidrBlocks", List.of("10.43.0.0/16"))));
        spec.put("controlPlaneRef", Map.of("apiGroup", "controlplane.cluster.x-k8s.io", "kind", "KThreesControlPlane",
                "name", name + "-control-plane"));
        spec.put("infrastructureRef", Map.of("apiGroup", "infrastructure.cluster.x-k8s.io", "kind", "ProxmoxCluster",
                "name", name));
        cluster.setAdditionalProperty("spec", spec);
        return cluster;
    }

    /** A v1beta2 Cluster condition as Cluster API writes it (all required fields set). */
    public static Map<String, Object> condition(String type, String status, String reason, String message, String time) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("lastTransitionTime", time);
        return condition;
    }
}
