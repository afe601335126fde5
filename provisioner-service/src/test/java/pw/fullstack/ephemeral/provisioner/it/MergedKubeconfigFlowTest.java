package pw.fullstack.ephemeral.provisioner.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.provisioner.vault.MergedKubeconfig;
import pw.fullstack.ephemeral.provisioner.vault.MergedKubeconfigEntry;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * With {@code provisioner.vault.merged-kubeconfig-path} set, the seed's PR_KUBECONFIG entry holds a context for
 * every ready cluster, each reaching that cluster's own API server, and loses it at teardown (issue 18.10).
 */
@QuarkusTest
@TestProfile(MergedKubeconfigFlowTest.Enabled.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MergedKubeconfigFlowTest {

    static final String PATH = "cluster-secret-store/secrets";
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    public static class Enabled extends FastTimeouts {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("provisioner.vault.merged-kubeconfig-path", PATH);
            return overrides;
        }
    }

    @Inject
    KubernetesClient tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private SimulatedClusterApiController clusterApi;
    private LifecycleLog log;

    @BeforeAll
    void start() {
        clusterApi = SimulatedClusterApiController.builder(tools).readyAfter(Duration.ofMillis(500))
                .deleteAfter(Duration.ofMillis(300)).start();
        log = new LifecycleLog(bootstrapServers, "provisioner");
    }

    @AfterAll
    void stop() {
        clusterApi.close();
        log.close();
    }

    private Config merged() {
        return vault.read("kv", PATH).map(d -> (String) d.get(MergedKubeconfigEntry.FIELD)).map(MergedKubeconfig::parse)
                .orElse(MergedKubeconfig.empty());
    }

    private String server(String kubeconfigInVault) {
        Config single = MergedKubeconfig.parse(kubeconfigInVault);
        return single.getClusters().get(0).getCluster().getServer();
    }

    @Test
    void twoClustersReadyTogetherAreBothInTheEntryAndATeardownLeavesOnlyTheOther() {
        int prA = Fixtures.number();
        int prB = Fixtures.number();
        String a = Fixtures.name("merged", prA);
        String b = Fixtures.name("merged", prB);
        String runA = Fixtures.saga();
        log.send(Fixtures.ipAllocated(runA, "merged", prA, "192.168.1.160", "192.168.1.161"));
        log.send(Fixtures.ipAllocated(Fixtures.saga(), "merged", prB, "192.168.1.162", "192.168.1.163"));

        await().atMost(EVENTUALLY).until(() -> !log.events(a, ClusterReady.class).isEmpty()
                && !log.events(b, ClusterReady.class).isEmpty());
        Config both = merged();
        assertThat(MergedKubeconfig.contextNames(both)).contains(a, b);
        // Each context reaches its own cluster: the server of the kubeconfig stored for it.
        for (String name : List.of(a, b)) {
            String own = (String) vault.read("kv", "ephemeral-clusters/" + name + "/kubeconfig").orElseThrow().get("value");
            assertThat(both.getClusters()).filteredOn(c -> c.getName().equals(name)).singleElement()
                    .satisfies(c -> assertThat(c.getCluster().getServer()).isEqualTo(server(own)));
        }

        log.send(Fixtures.expired(runA, "merged", prA));
        log.send(Fixtures.dnsReleased(runA, "merged", prA));

        await().atMost(EVENTUALLY).until(() -> !log.events(a, ClusterDestroyed.class).isEmpty());
        assertThat(MergedKubeconfig.contextNames(merged())).contains(b).doesNotContain(a);
        assertThat(vault.read("kv", "ephemeral-clusters/" + a + "/kubeconfig")).isEmpty();
    }
}
