package pw.fullstack.ephemeral.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterTemplatesTest {

    private final ClusterTemplates templates = new ClusterTemplates(TemplateSource.packaged());

    static ClusterTemplateValues sample() {
        return new ClusterTemplateValues("pr-cksbackend-42", "192.168.1.140", "192.168.1.141",
                "pr-42-cksbackend.ephemeral.fullstack.pw", 42, "cks-backend", ClusterTemplateSettings.defaults());
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object current = map;
        for (String key : path) {
            current = ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @Test
    void rendersTheFiveObjectsInTheClustersNamespace() {
        List<ManifestObject> objects = templates.render(sample());

        assertThat(objects).extracting(ManifestObject::kind).containsExactly(
                "Namespace", "Cluster", "ProxmoxCluster", "KThreesControlPlane", "ProxmoxMachineTemplate");
        assertThat(objects).filteredOn(o -> !o.kind().equals("Namespace"))
                .allSatisfy(o -> assertThat(o.namespace()).isEqualTo("pr-cksbackend-42"));
        ManifestObject cluster = objects.get(1);
        assertThat(cluster.apiVersion()).isEqualTo("cluster.x-k8s.io/v1beta2");
        assertThat(at(cluster.content(), "metadata", "labels")).isEqualTo(
                Map.of("ephemeral", "true", "pr", "42", "repo", "cks-backend"));
        assertThat(at(cluster.content(), "spec", "controlPlaneRef", "name")).isEqualTo("pr-cksbackend-42-control-plane");
        assertThat(at(objects.get(2).content(), "spec", "controlPlaneEndpoint", "host")).isEqualTo("192.168.1.140");
        assertThat(at(objects.get(2).content(), "spec", "ipv4Config", "addresses"))
                .isEqualTo(List.of("192.168.1.141-192.168.1.141"));
        assertThat(at(objects.get(3).content(), "spec", "version")).isEqualTo("v1.30.6+k3s1");
        @SuppressWarnings("unchecked")
        Map<String, Object> vm = (Map<String, Object>) at(objects.get(4).content(), "spec", "template", "spec");
        assertThat(vm.get("numCores")).isEqualTo(4);
        assertThat(vm.get("numSockets")).isEqualTo(2);
        assertThat(vm.get("memoryMiB")).isEqualTo(16384);
        assertThat(at(vm, "disks", "bootVolume", "sizeGb")).isEqualTo(20);
    }

    @Test
    void sizingAndVersionAreConfigurable() {
        var settings = ClusterTemplateSettings.defaults().withSizing(2, 4096, 40).withK3sVersion("v1.31.2+k3s1");
        var values = new ClusterTemplateValues("pr-x-1", "10.0.0.10", "10.0.0.11", "pr-1-x.example.org", 1, "x", settings);

        List<ManifestObject> objects = templates.render(values);

        assertThat(at(objects.get(3).content(), "spec", "version")).isEqualTo("v1.31.2+k3s1");
        assertThat(at(objects.get(4).content(), "spec", "template", "spec", "numCores")).isEqualTo(2);
        assertThat(at(objects.get(4).content(), "spec", "template", "spec", "memoryMiB")).isEqualTo(4096);
        assertThat(at(objects.get(4).content(), "spec", "template", "spec", "disks", "bootVolume", "sizeGb")).isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "pr-x-1\nkind: Secret",
            "pr-x-1\n---\napiVersion: v1\nkind: Secret",
            "pr-x-1\"",
            "pr-x-1: {}",
            "${CLUSTER_IP}",
            "$CLUSTER_IP",
            "PR-X-1",
            "pr-x-1 # comment",
            "",
            "-pr"
    })
    void hostileClusterNamesAreRefusedNamingTheVariable(String hostile) {
        var values = new ClusterTemplateValues(hostile, "192.168.1.140", "192.168.1.141",
                "pr-1-x.ephemeral.fullstack.pw", 1, "x", ClusterTemplateSettings.defaults());

        assertThatThrownBy(() -> templates.render(values))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("CLUSTER_NAME")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aThreeHundredCharacterNameIsRefused() {
        String longName = "a".repeat(300);
        var values = new ClusterTemplateValues(longName, "192.168.1.140", "192.168.1.141",
                "pr-1-x.ephemeral.fullstack.pw", 1, "x", ClusterTemplateSettings.defaults());

        assertThatThrownBy(() -> templates.render(values)).hasMessageContaining("CLUSTER_NAME");
        var fortyOne = new ClusterTemplateValues("a".repeat(41), "192.168.1.140", "192.168.1.141",
                "pr-1-x.ephemeral.fullstack.pw", 1, "x", ClusterTemplateSettings.defaults());
        assertThatThrownBy(() -> templates.render(fortyOne)).hasMessageContaining("longer than 40");
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.168.1.140\n  evil: true", "192.168.001.140", "192.168.1", "256.1.1.1",
            "192.168.1.140 ", "::1", "${NODE_IP}"})
    void hostileAddressesAreRefused(String hostile) {
        var values = new ClusterTemplateValues("pr-x-1", hostile, "192.168.1.141",
                "pr-1-x.ephemeral.fullstack.pw", 1, "x", ClusterTemplateSettings.defaults());

        assertThatThrownBy(() -> templates.render(values)).hasMessageContaining("CLUSTER_IP");
    }

    @ParameterizedTest
    @ValueSource(strings = {"cks backend", "cks-backend\"\n", "a/b", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "-x", "${REPOSITORY}"})
    void hostileRepositoryLabelsAreRefused(String hostile) {
        var values = new ClusterTemplateValues("pr-x-1", "192.168.1.140", "192.168.1.141",
                "pr-1-x.ephemeral.fullstack.pw", 1, hostile, ClusterTemplateSettings.defaults());

        assertThatThrownBy(() -> templates.render(values)).hasMessageContaining("REPOSITORY");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.30.6", "v1.30.6+k3s1\nreplicas: 5", "v1.30.6+rke2r1", "latest"})
    void k3sVersionMustLookLikeOne(String version) {
        var values = sample();
        var bad = new ClusterTemplateValues(values.clusterName(), values.clusterIp(), values.nodeIp(), values.dnsName(),
                values.prNumber(), values.repository(), ClusterTemplateSettings.defaults().withK3sVersion(version));

        assertThatThrownBy(() -> templates.render(bad)).hasMessageContaining("K3S_VERSION");
    }

    @Test
    void sizingOutOfRangeIsRefused() {
        var values = sample();
        var bad = new ClusterTemplateValues(values.clusterName(), values.clusterIp(), values.nodeIp(), values.dnsName(),
                values.prNumber(), values.repository(), ClusterTemplateSettings.defaults().withSizing(65, 8192, 20));

        assertThatThrownBy(() -> templates.render(bad)).hasMessageContaining("CPU_CORES").hasMessageContaining("out of range");
    }

    @Test
    void anOverrideDirectoryWins(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("cluster-api"));
        Files.writeString(dir.resolve(TemplateSource.CLUSTER_TEMPLATE), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: ${CLUSTER_NAME}
                ---
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: ${CLUSTER_NAME}
                  namespace: ${CLUSTER_NAME}
                  annotations:
                    custom: "${PR_NUMBER}"
                """);

        List<ManifestObject> objects = new ClusterTemplates(TemplateSource.withOverride(Optional.of(dir))).render(sample());

        assertThat(objects).extracting(ManifestObject::kind).containsExactly("Namespace", "Cluster");
        assertThat(at(objects.get(1).content(), "metadata", "annotations", "custom")).isEqualTo("42");
    }

    @Test
    void anOverrideDirectoryWithoutTheFileFallsBackToThePackagedTemplate(@TempDir Path dir) {
        List<ManifestObject> objects = new ClusterTemplates(TemplateSource.withOverride(Optional.of(dir))).render(sample());

        assertThat(objects).hasSize(5);
    }

    @Test
    void anOverrideThatAddsAForeignKindIsRefused(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("cluster-api"));
        Files.writeString(dir.resolve(TemplateSource.CLUSTER_TEMPLATE), """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: ${CLUSTER_NAME}
                ---
                apiVersion: cluster.x-k8s.io/v1beta2
                kind: Cluster
                metadata:
                  name: ${CLUSTER_NAME}
                  namespace: ${CLUSTER_NAME}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata:
                  name: ${CLUSTER_NAME}-admin
                """);

        assertThatThrownBy(() -> new ClusterTemplates(TemplateSource.withOverride(Optional.of(dir))).render(sample()))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining("rbac.authorization.k8s.io/ClusterRoleBinding");
    }
}
