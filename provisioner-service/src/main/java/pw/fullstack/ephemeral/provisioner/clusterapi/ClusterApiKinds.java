package pw.fullstack.ephemeral.provisioner.clusterapi;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Locale;
import pw.fullstack.ephemeral.templates.ManifestObject;

/** REST coordinates of the Cluster API kinds the provisioner handles as generic resources. */
public final class ClusterApiKinds {

    public static final ResourceDefinitionContext CLUSTER = context("cluster.x-k8s.io", "v1beta2", "Cluster");

    private ClusterApiKinds() {
    }

    public static ResourceDefinitionContext context(String group, String version, String kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(kind.toLowerCase(Locale.ROOT) + "s")
                .withNamespaced(true)
                .build();
    }

    public static ResourceDefinitionContext of(ManifestObject object) {
        String version = object.apiVersion().substring(object.apiVersion().indexOf('/') + 1);
        return context(object.group(), version, object.kind());
    }
}
