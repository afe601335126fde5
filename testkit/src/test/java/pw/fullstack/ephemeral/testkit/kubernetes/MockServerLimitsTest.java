package pw.fullstack.ephemeral.testkit.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the fabric8 mock does NOT do like a real API server. If one of these starts failing after a
 * fabric8 upgrade, the mock got better: update the README's list of limits.
 */
class MockServerLimitsTest {

    private MockKubernetesCluster cluster;

    @BeforeEach
    void startCluster() {
        cluster = MockKubernetesCluster.start();
    }

    @AfterEach
    void stopCluster() {
        cluster.close();
    }

    @Test
    void rejectsServerSideApply() {
        assertThatThrownBy(() -> cluster.client().configMaps().resource(labelled("applied", "1")).forceConflicts().serverSideApply())
                .isInstanceOfSatisfying(KubernetesClientException.class,
                        e -> assertThat(e.getCode()).isIn(404, 415));
    }

    @Test
    void doesNotApplyAStrategicMergePatch() {
        cluster.client().configMaps().resource(labelled("patched", "1")).create();

        assertThatThrownBy(() -> cluster.client().configMaps().withName("patched")
                .patch(PatchContext.of(PatchType.STRATEGIC_MERGE), "{\"data\":{\"k\":\"new\"}}"))
                .isInstanceOf(KubernetesClientException.class);
    }

    @Test
    void appliesAJsonMergePatch() {
        cluster.client().configMaps().resource(labelled("patched", "1")).create();

        cluster.client().configMaps().withName("patched").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"data\":{\"k\":\"new\"}}");

        assertThat(cluster.client().configMaps().withName("patched").get().getData()).containsEntry("k", "new");
    }

    @Test
    void ignoresSetBasedLabelSelectorsAndReturnsEverything() {
        cluster.client().configMaps().resource(labelled("pr-1", "1")).create();
        cluster.client().configMaps().resource(labelled("pr-2", "2")).create();

        assertThat(cluster.client().configMaps().withLabelIn("pr", "1").list().getItems()).hasSize(2);
        assertThat(cluster.client().configMaps().withLabelNotIn("pr", "1").list().getItems()).hasSize(2);
        // Equality, exists and not-exists selectors do filter.
        assertThat(cluster.client().configMaps().withLabel("pr", "1").list().getItems()).hasSize(1);
        assertThat(cluster.client().configMaps().withoutLabel("pr", "1").list().getItems()).hasSize(1);
        assertThat(cluster.client().configMaps().withLabel("pr").list().getItems()).hasSize(2);
        assertThat(cluster.client().configMaps().withoutLabel("absent").list().getItems()).hasSize(2);
    }

    @Test
    void cannotResolveAGenericKindWhoseCrdIsNotInstalled() {
        try (MockKubernetesCluster bare = MockKubernetesCluster.builder().withoutCrds().start()) {
            assertThatThrownBy(() -> bare.client().genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster").list())
                    .isInstanceOf(KubernetesClientException.class);
        }
        // With the CRD installed, discovery resolves the kind as on a real cluster.
        assertThat(cluster.client().genericKubernetesResources("cluster.x-k8s.io/v1beta2", "Cluster").list().getItems()).isEmpty();
    }

    private static ConfigMap labelled(String name, String pr) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withLabels(Map.of("pr", pr)).endMetadata()
                .withData(Map.of("k", "v")).build();
    }
}
