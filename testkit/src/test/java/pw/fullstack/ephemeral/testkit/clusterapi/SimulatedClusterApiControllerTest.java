package pw.fullstack.ephemeral.testkit.clusterapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController.Behaviour;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

class SimulatedClusterApiControllerTest {

    private MockKubernetesCluster tools;
    private SimulatedClusterApiController controller;

    @BeforeEach
    void start() {
        tools = MockKubernetesCluster.start();
        controller = SimulatedClusterApiController.builder(tools.client())
                .readyAfter(Duration.ofMillis(200)).deleteAfter(Duration.ofMillis(200)).start();
    }

    @AfterEach
    void stop() {
        controller.close();
        tools.close();
    }

    private void createCluster(String name) {
        GenericKubernetesResource cluster = ClusterApiObjects.cluster(name, name, Map.of(), Map.of());
        tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS).inNamespace(name).resource(cluster).create();
    }

    private GenericKubernetesResource get(String name) {
        return tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS).inNamespace(name).withName(name).get();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> conditions(String name) {
        var status = (Map<String, Object>) get(name).getAdditionalProperties().get("status");
        return status == null ? List.of() : (List<Map<String, Object>>) status.get("conditions");
    }

    @Test
    void aReadyClusterGetsConditionsAndAKubeconfigOfAWorkingClusterWithAReadyNode() {
        createCluster("c1");

        await().atMost(Duration.ofSeconds(10)).until(() -> conditions("c1").stream()
                .anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status"))));
        String encoded = tools.client().secrets().inNamespace("c1").withName("c1-kubeconfig").get().getData().get("value");
        String kubeconfig = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        try (KubernetesClient workload = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build()) {
            assertThat(workload.nodes().list().getItems()).singleElement()
                    .satisfies(n -> assertThat(n.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready")
                            && c.getStatus().equals("True")));
        }
        assertThat(get("c1").getMetadata().getFinalizers()).contains(SimulatedClusterApiController.FINALIZER);
    }

    @Test
    void neverReadyAndFailureModes() {
        controller.behaviour("slow", Behaviour.NEVER_READY).behaviour("broken", Behaviour.REPORT_FAILURE);
        createCluster("slow");
        createCluster("broken");

        await().atMost(Duration.ofSeconds(10)).until(() -> !conditions("broken").isEmpty() && !conditions("slow").isEmpty());
        assertThat(conditions("slow")).allMatch(c -> !"True".equals(c.get("status")));
        assertThat(get("broken").getAdditionalProperties().get("status").toString()).contains("Failed").contains("failureMessage");
        assertThat(tools.client().secrets().inNamespace("slow").withName("slow-kubeconfig").get()).isNull();
    }

    @Test
    void aDeletedClusterStaysWhileHeldAndGoesAwayWhenReleased() {
        controller.holdDeletion("c2");
        createCluster("c2");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("c2").getMetadata().getFinalizers() != null
                && !get("c2").getMetadata().getFinalizers().isEmpty());

        tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS).inNamespace("c2").withName("c2").delete();

        await().atMost(Duration.ofSeconds(10)).until(() -> controller.deletionRequestedAt("c2").isPresent());
        await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> get("c2") != null
                && get("c2").getMetadata().getDeletionTimestamp() != null);
        controller.releaseDeletion("c2");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("c2") == null);
    }

    @Test
    void aWorkloadSimulationRunsInEveryReadyClusterUntilTheClusterIsDeleted() throws Exception {
        var attached = new java.util.concurrent.ConcurrentHashMap<String, Boolean>();
        try (SimulatedClusterApiController simulating = SimulatedClusterApiController.builder(tools.client())
                .readyAfter(Duration.ofMillis(100)).deleteAfter(Duration.ofMillis(100))
                .workloadSimulation((name, workload) -> {
                    attached.put(name, true);
                    assertThat(workload.isClosed()).isFalse();
                    return () -> attached.put(name, false);
                }).start()) {
            controller.close(); // one controller on the tools cluster at a time
            createCluster("c3");
            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.TRUE.equals(attached.get("c3"))
                    && simulating.workloadCluster("c3").isPresent());

            tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS).inNamespace("c3").withName("c3").delete();

            await().atMost(Duration.ofSeconds(10)).until(() -> Boolean.FALSE.equals(attached.get("c3")));
            assertThat(simulating.workloadCluster("c3")).isEmpty();
        }
    }
}
