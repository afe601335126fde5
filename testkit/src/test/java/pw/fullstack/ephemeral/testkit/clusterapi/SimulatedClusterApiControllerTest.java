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
    void aTwoStageBootIsReadyOnlyAfterTheVmAndThenK3sAndRecordsWhenEachStageEnded() {
        try (SimulatedClusterApiController booting = SimulatedClusterApiController.builder(tools.client())
                .boot(Duration.ofMillis(600), Duration.ofMillis(400)).start()) {
            controller.close(); // only the two-stage controller acts on this Cluster
            createCluster("c9");

            await().atMost(Duration.ofSeconds(10)).until(() -> booting.bootTimes("c9").isPresent());
            BootTimes times = booting.bootTimes("c9").orElseThrow();
            assertThat(times.vmBooted()).isAfterOrEqualTo(times.objectsSeen().plusMillis(600));
            assertThat(times.k3sReady()).isAfterOrEqualTo(times.objectsSeen().plusMillis(1000)).isAfterOrEqualTo(times.vmBooted());
            assertThat(tools.client().secrets().inNamespace("c9").withName("c9-kubeconfig").get()).isNotNull();
        }
    }

    private void createClusterWithCredentials(String name, String secretNamespace, String secretName) {
        tools.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName(name).endMetadata().build()).createOr(io.fabric8.kubernetes.client.dsl.NonDeletingOperation::update);
        GenericKubernetesResource proxmox = new GenericKubernetesResource();
        proxmox.setApiVersion("infrastructure.cluster.x-k8s.io/v1alpha1");
        proxmox.setKind("ProxmoxCluster");
        proxmox.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(name).build());
        proxmox.setAdditionalProperty("spec", Map.of(
                "controlPlaneEndpoint", Map.of("host", "192.168.1.140", "port", 6443),
                "ipv4Config", Map.of("addresses", List.of("192.168.1.141-192.168.1.141"), "prefix", 24, "gateway", "192.168.1.1"),
                "dnsServers", List.of("192.168.1.3"), "allowedNodes", List.of("node03"),
                "credentialsRef", Map.of("name", secretName, "namespace", secretNamespace)));
        tools.client().genericKubernetesResources("infrastructure.cluster.x-k8s.io/v1alpha1", "ProxmoxCluster")
                .inNamespace(name).resource(proxmox).create();
        createCluster(name);
    }

    private boolean available(String name) {
        return conditions(name).stream().anyMatch(c -> "Available".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    /**
     * CAPMOX owns the Secret a ProxmoxCluster uses; an owner in another namespace is absent to the garbage
     * collector: the shared site Secret is deleted once the last cluster lets go of it, and the next cluster
     * cannot boot (issue 18.2).
     */
    @Test
    void aSharedCredentialsSecretIsGoneOnceThePoolDrainsAndTheNextClusterCannotBoot() {
        String site = SimulatedClusterApiController.CREDENTIALS_NAMESPACE;
        String secret = SimulatedClusterApiController.CREDENTIALS_SECRET;
        createClusterWithCredentials("shared-1", site, secret);
        await().atMost(Duration.ofSeconds(10)).until(() -> available("shared-1"));
        io.fabric8.kubernetes.api.model.Secret taken = tools.client().secrets().inNamespace(site).withName(secret).get();
        assertThat(taken.getMetadata().getFinalizers()).contains(SimulatedClusterApiController.SECRET_FINALIZER);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                tools.client().secrets().inNamespace(site).withName(secret).get().getMetadata().getDeletionTimestamp() != null);

        tools.client().genericKubernetesResources(SimulatedClusterApiController.CLUSTERS).inNamespace("shared-1")
                .withName("shared-1").delete();
        await().atMost(Duration.ofSeconds(10)).until(() -> get("shared-1") == null);
        await().atMost(Duration.ofSeconds(5)).until(() -> tools.client().secrets().inNamespace(site).withName(secret).get() == null);

        createClusterWithCredentials("shared-2", site, secret);
        await().atMost(Duration.ofSeconds(10)).until(() -> !conditions("shared-2").isEmpty());
        assertThat(available("shared-2")).isFalse();
        assertThat(conditions("shared-2").toString()).contains("credentials secret not found: " + site + "/" + secret);
    }

    @Test
    void aClustersOwnCopyOfTheCredentialsIsTakenAndLetGoWithIt() {
        tools.client().namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata()
                .withName("own-1").endMetadata().build()).create();
        tools.client().secrets().inNamespace("own-1").resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                .withNewMetadata().withName("proxmox-credentials").endMetadata().addToStringData("secret", "s").build()).create();
        createClusterWithCredentials("own-1", "own-1", "proxmox-credentials");

        await().atMost(Duration.ofSeconds(10)).until(() -> available("own-1"));
        var copy = tools.client().secrets().inNamespace("own-1").withName("proxmox-credentials").get();
        assertThat(copy.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("ProxmoxCluster"));
        // The collector works in order on one thread: once an orphan written after the copy's last change is
        // collected, the copy has been looked at too.
        tools.client().configMaps().inNamespace("own-1").resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder()
                .withNewMetadata().withName("orphan").addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
                .withName("gone").withUid("no-such-uid").endOwnerReference().endMetadata().build()).create();
        await().atMost(Duration.ofSeconds(5)).until(() ->
                tools.client().configMaps().inNamespace("own-1").withName("orphan").get() == null);
        assertThat(tools.client().secrets().inNamespace("own-1").withName("proxmox-credentials").get().getMetadata()
                .getDeletionTimestamp()).as("its owner is in its namespace: the collector leaves it").isNull();
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
