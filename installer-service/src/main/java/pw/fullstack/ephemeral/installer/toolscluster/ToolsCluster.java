package pw.fullstack.ephemeral.installer.toolscluster;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import pw.fullstack.ephemeral.installer.install.InstallAnnotations;
import pw.fullstack.ephemeral.installer.install.Installation;

/**
 * The installer's view of the tools cluster: the provisioner's Cluster objects (labelled
 * {@code app.kubernetes.io/managed-by=ephemeral-provisioner}; nothing else is read or written) and
 * the installer's own annotations on them, changed with a patch of the difference so the
 * provisioner's annotations and status are never overwritten.
 */
@ApplicationScoped
public class ToolsCluster {

    public static final ResourceDefinitionContext CLUSTER = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.x-k8s.io").withVersion("v1beta2").withKind("Cluster").withPlural("clusters")
            .withNamespaced(true).build();

    @Inject
    KubernetesClient client;

    /** The managed Cluster of that name (in its namespace of the same name), if it exists. */
    public Optional<Installation> installation(String name) {
        GenericKubernetesResource cluster = client.genericKubernetesResources(CLUSTER).inNamespace(name).withName(name).get();
        if (cluster == null || !managed(cluster)) {
            return Optional.empty();
        }
        return Optional.of(new Installation(name, cluster.getMetadata().getAnnotations() == null
                ? Map.of() : cluster.getMetadata().getAnnotations()));
    }

    public List<Installation> installations() {
        return client.genericKubernetesResources(CLUSTER).inAnyNamespace()
                .withLabel(InstallAnnotations.MANAGED_BY, InstallAnnotations.PROVISIONER).list().getItems().stream()
                .filter(c -> c.getMetadata().getName().equals(c.getMetadata().getNamespace()))
                .map(c -> new Installation(c.getMetadata().getName(), c.getMetadata().getAnnotations() == null
                        ? Map.of() : c.getMetadata().getAnnotations()))
                .toList();
    }

    /**
     * Sets and removes the installer's annotations with a JSON patch (RFC 6902) of just those keys:
     * {@code add} for each value, {@code remove} for each key that is there. No resourceVersion test,
     * so a concurrent write of the provisioner never makes it fail, and nothing else on the object is
     * touched. (Not a merge patch with nulls: a store that keeps the nulls would hand every reader a
     * null annotation.) A Cluster that is gone is left alone.
     */
    public void annotate(String name, Map<String, String> set, Collection<String> remove) {
        for (int attempt = 1; ; attempt++) {
            GenericKubernetesResource cluster = client.genericKubernetesResources(CLUSTER).inNamespace(name).withName(name).get();
            if (cluster == null) {
                return;
            }
            Map<String, String> current = cluster.getMetadata().getAnnotations();
            List<Map<String, Object>> ops = new java.util.ArrayList<>();
            if (current == null) {
                ops.add(Map.of("op", "add", "path", "/metadata/annotations", "value", Map.of()));
            }
            for (String key : remove) {
                if (current != null && current.containsKey(key) && !set.containsKey(key)) {
                    ops.add(Map.of("op", "remove", "path", "/metadata/annotations/" + escape(key)));
                }
            }
            set.forEach((key, value) -> ops.add(Map.of("op", "add", "path", "/metadata/annotations/" + escape(key), "value", value)));
            if (ops.isEmpty()) {
                return;
            }
            try {
                client.genericKubernetesResources(CLUSTER).inNamespace(name).withName(name)
                        .patch(PatchContext.of(PatchType.JSON), Serialization.asJson(ops));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (attempt >= 3 || (e.getCode() != 422 && e.getCode() != 409)) {
                    throw e; // 422: a key removed concurrently; read again and retry
                }
            }
        }
    }

    /** JSON pointer escaping of an annotation key ({@code /} → {@code ~1}). */
    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }

    /** Every managed Cluster's name, on each change (the reconcile loop's trigger). */
    public SharedIndexInformer<GenericKubernetesResource> watch(Consumer<String> changed) {
        return client.genericKubernetesResources(CLUSTER).inAnyNamespace()
                .withLabel(InstallAnnotations.MANAGED_BY, InstallAnnotations.PROVISIONER)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource cluster) {
                        changed.accept(cluster.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        changed.accept(after.getMetadata().getName());
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource cluster, boolean unknownFinalState) {
                        changed.accept(cluster.getMetadata().getName());
                    }
                }, 0);
    }

    private static boolean managed(GenericKubernetesResource cluster) {
        return cluster.getMetadata().getLabels() != null
                && InstallAnnotations.PROVISIONER.equals(cluster.getMetadata().getLabels().get(InstallAnnotations.MANAGED_BY));
    }
}
