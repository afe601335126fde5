package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterManifestCheckerTest {

    private static final String NS = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: c1\n---\n";
    private static final String CLUSTER = "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata:\n  name: c1\n  namespace: c1\n";

    @Test
    void objectsOutsideTheClustersNamespaceAreRefused() {
        String yaml = NS + CLUSTER + "---\napiVersion: infrastructure.cluster.x-k8s.io/v1alpha1\nkind: ProxmoxCluster\n"
                + "metadata:\n  name: c1\n  namespace: kube-system\n";
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", yaml, "c1"))
                .hasMessageContaining("is not the cluster's namespace c1");
    }

    @Test
    void credentialsSharedFromAnotherNamespaceAreRefused() {
        String proxmox = "---\napiVersion: infrastructure.cluster.x-k8s.io/v1alpha1\nkind: ProxmoxCluster\n"
                + "metadata:\n  name: c1\n  namespace: c1\nspec:\n  credentialsRef:\n    name: proxmox-credentials\n";
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", NS + CLUSTER + proxmox
                + "    namespace: capmox-system\n", "c1"))
                .hasMessageContaining("takes its Proxmox credentials from namespace \"capmox-system\"");
        org.assertj.core.api.Assertions.assertThat(ClusterManifestChecker.parseAndCheck("t", NS + CLUSTER + proxmox
                + "    namespace: c1\n", "c1")).hasSize(3);
    }

    @Test
    void namesMustBelongToTheCluster() {
        String yaml = NS + CLUSTER + "---\napiVersion: infrastructure.cluster.x-k8s.io/v1alpha1\nkind: ProxmoxCluster\n"
                + "metadata:\n  name: other\n  namespace: c1\n";
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", yaml, "c1"))
                .hasMessageContaining("must be c1 or start with c1-");
    }

    @Test
    void duplicateKeysAreRefused() {
        String yaml = NS + "apiVersion: cluster.x-k8s.io/v1beta2\nkind: Cluster\nmetadata:\n  name: c1\n  namespace: c1\n"
                + "  namespace: default\n";
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", yaml, "c1"))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("not valid YAML");
    }

    @Test
    void exactlyOneClusterAndOneNamespace() {
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", NS, "c1"))
                .hasMessageContaining("exactly one Namespace and one Cluster");
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", NS + CLUSTER + "---\n" + CLUSTER, "c1"))
                .hasMessageContaining("appears twice");
    }

    @Test
    void nonStringLabelsAreRefused() {
        String yaml = NS + CLUSTER + "  labels:\n    pr: 42\n";
        assertThatThrownBy(() -> ClusterManifestChecker.parseAndCheck("t", yaml, "c1"))
                .hasMessageContaining("labels must map strings to strings");
    }
}
