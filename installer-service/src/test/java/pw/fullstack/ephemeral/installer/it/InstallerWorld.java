package pw.fullstack.ephemeral.installer.it;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;
import pw.fullstack.ephemeral.testkit.workload.ToolsClusterPlatform;

/**
 * What a test of the installer in its world holds (the broker, the Vault emulator, {@link WorkloadsResource}'s
 * tools cluster, platform and workload clusters, injected by Quarkus and the test resources), and the ready
 * clusters and the lifecycle topic it works with. Subclasses declare the resources and the profile.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InstallerWorld {

    static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @Inject
    KubernetesClient tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @WorkloadsResource.InjectWorkloads
    SimulatedWorkloads workloads;

    /** Null where the tools cluster runs no platform ({@link WorkloadsResource#TOOLS_PLATFORM}). */
    @WorkloadsResource.InjectToolsPlatform
    ToolsClusterPlatform platform;

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster toolsCluster;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    LifecycleLog log;
    ReadyClusters clusters;

    @BeforeAll
    void start() {
        log = new LifecycleLog(bootstrapServers, "installer");
        clusters = new ReadyClusters(tools, vault, workloads);
    }

    /** A PR's environment installed, then its cluster's API server gone, then the owning run's expiry: the answer. */
    ReadyClusters.Ready installedThenUnreachableThenExpired(String repo) {
        ReadyClusters.Ready ready = clusters.ready(repo, false);
        log.send(ready.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        workloads.cluster(ready.name()).orElseThrow().makeUnreachable();

        log.send(ReadyClusters.expired(ready.run(), ready.pr()));

        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), DnsReleased.class).isEmpty());
        return ready;
    }

    DnsReleased released(ReadyClusters.Ready ready) {
        return (DnsReleased) log.events(ready.name(), DnsReleased.class).get(0).data();
    }

    @AfterAll
    void stop() {
        log.close();
        clusters.close();
    }
}
