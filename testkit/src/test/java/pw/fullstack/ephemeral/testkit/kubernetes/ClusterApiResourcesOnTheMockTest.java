package pw.fullstack.ephemeral.testkit.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.clusterapi.ClusterApiObjects;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What the provisioner does with Cluster API objects on the tools cluster, checked against the mock. */
class ClusterApiResourcesOnTheMockTest {

    static final ResourceDefinitionContext CLUSTER_API_CLUSTER = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.x-k8s.io")
            .withVersion("v1beta2")
            .withKind("Cluster")
            .withPlural("clusters")
            .withNamespaced(true)
            .build();

    private MockKubernetesCluster tools;
    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> clusters;

    @BeforeEach
    void startToolsCluster() {
        tools = MockKubernetesCluster.start();
        clusters = tools.client().genericKubernetesResources(CLUSTER_API_CLUSTER);
    }

    @AfterEach
    void stopToolsCluster() {
        tools.close();
    }

    @Test
    void createsGetsAndListsClustersByEqualityLabelSelector() {
        clusters.resource(cluster("pr-shop-42", "shop", "42")).create();
        clusters.resource(cluster("pr-api-7", "api", "7")).create();

        GenericKubernetesResource fetched = clusters.withName("pr-shop-42").get();
        List<GenericKubernetesResource> shopClusters = clusters.withLabel("repo", "shop").list().getItems();
        List<GenericKubernetesResource> ephemeral = clusters.withLabel("ephemeral", "true").list().getItems();

        assertThat(fetched.getApiVersion()).isEqualTo("cluster.x-k8s.io/v1beta2");
        assertThat(fetched.getMetadata().getLabels()).containsEntry("pr", "42");
        assertThat(shopClusters).extracting(c -> c.getMetadata().getName()).containsExactly("pr-shop-42");
        assertThat(ephemeral).hasSize(2);
    }

    @Test
    void storesAStatusUpdateAndAnInformerSeesIt() {
        List<String> phasesSeen = new CopyOnWriteArrayList<>();
        clusters.resource(cluster("pr-shop-42", "shop", "42")).create();
        SharedIndexInformer<GenericKubernetesResource> informer = clusters.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource added) {
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                Object status = after.getAdditionalProperties().get("status");
                if (status instanceof Map<?, ?> map && map.get("phase") != null) {
                    phasesSeen.add(String.valueOf(map.get("phase")));
                }
            }

            @Override
            public void onDelete(GenericKubernetesResource deleted, boolean finalStateUnknown) {
            }
        });
        try {
            GenericKubernetesResource current = clusters.withName("pr-shop-42").get();
            current.setAdditionalProperty("status", Map.of("phase", "Provisioned"));
            // Through the status subresource: the Cluster CRD has one, so status in a plain update is ignored.
            clusters.resource(current).updateStatus();

            await().atMost(Duration.ofSeconds(10)).until(() -> phasesSeen.contains("Provisioned"));
            assertThat(clusters.withName("pr-shop-42").get().getAdditionalProperties().get("status"))
                    .isEqualTo(Map.of("phase", "Provisioned"));
        } finally {
            informer.close();
        }
    }

    @Test
    void createOrUpdateIsIdempotentAndAppliesChanges() {
        clusters.resource(cluster("pr-shop-42", "shop", "42")).createOr(NonDeletingOperation::update);
        clusters.resource(cluster("pr-shop-42", "shop", "42")).createOr(NonDeletingOperation::update);
        GenericKubernetesResource changed = cluster("pr-shop-42", "shop", "42");
        changed.getMetadata().getAnnotations().put("ephemeral.fullstack.pw/pr-closed-at", "2026-11-28T10:00:00Z");
        clusters.resource(changed).createOr(NonDeletingOperation::update);

        assertThat(clusters.list().getItems()).hasSize(1);
        assertThat(clusters.withName("pr-shop-42").get().getMetadata().getAnnotations())
                .containsEntry("ephemeral.fullstack.pw/pr-closed-at", "2026-11-28T10:00:00Z");
    }

    static GenericKubernetesResource cluster(String name, String repo, String pr) {
        return ClusterApiObjects.cluster(name, MockKubernetesCluster.DEFAULT_NAMESPACE,
                Map.of("ephemeral", "true", "repo", repo, "pr", pr), Map.of("ephemeral.fullstack.pw/saga-id", "saga-" + pr));
    }

}
