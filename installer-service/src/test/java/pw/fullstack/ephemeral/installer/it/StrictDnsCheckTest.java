package pw.fullstack.ephemeral.installer.it;

import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.workload.ToolsClusterPlatform;

/**
 * With {@code installer.dns-check.strict}, a name that never resolves fails the install after Phase 2
 * — and the DNSEndpoint the installer created (in the PR's namespace on the tools cluster) is deleted
 * before InstallFailed is reported, so the teardown that follows leaves no record behind.
 */
@QuarkusTest
@TestProfile(StrictDnsCheckTest.Strict.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WorkloadsResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrictDnsCheckTest {

    public static class Strict extends FastInstalls {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> overrides = new HashMap<>(super.getConfigOverrides());
            overrides.put("installer.dns-check.strict", "true");
            return overrides;
        }
    }

    @Inject
    KubernetesClient tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @WorkloadsResource.InjectWorkloads
    SimulatedWorkloads workloads;

    @WorkloadsResource.InjectToolsPlatform
    ToolsClusterPlatform platform;

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster toolsCluster;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private LifecycleLog log;
    private ReadyClusters clusters;

    @BeforeAll
    void start() {
        log = new LifecycleLog(bootstrapServers, "installer");
        clusters = new ReadyClusters(tools, vault, workloads);
    }

    @AfterAll
    void stop() {
        log.close();
        clusters.close();
    }

    @Test
    void aStrictDnsMissFailsTheInstallOnlyAfterTheDnsEndpointItCreatedIsDeleted() {
        ReadyClusters.Ready ready = clusters.ready("strict", false);
        platform.neverPublish(ready.dnsName());
        RequestJournal.Mark before = toolsCluster.journal().mark();

        log.send(ready.event());

        await().atMost(Duration.ofSeconds(40)).until(() -> !log.events(ready.name(), InstallFailed.class).isEmpty());
        InstallFailed failed = (InstallFailed) log.events(ready.name(), InstallFailed.class).get(0).data();
        assertThat(failed.phase()).isEqualTo("phase2");
        assertThat(failed.step()).isEqualTo("dns-check");
        assertThat(failed.reason()).contains("did not resolve to " + ready.vip());
        assertThat(log.events(ready.name(), PhasesInstalled.class)).isEmpty();
        List<RequestJournal.Entry> endpoints = toolsCluster.journal().since(before, e -> e.inGroup("externaldns.k8s.io")
                && ready.name().equals(e.namespace()));
        assertThat(endpoints).extracting(RequestJournal.Entry::verb)
                .containsExactly(RequestJournal.Verb.CREATE, RequestJournal.Verb.DELETE);
        assertThat(endpoints.get(1).at()).as("deleted before InstallFailed was reported")
                .isBefore(log.events(ready.name(), InstallFailed.class).get(0).time().toInstant());
        assertThat(tools.genericKubernetesResources("externaldns.k8s.io/v1alpha1", "DNSEndpoint").inNamespace(ready.name())
                .withName("environment").get()).isNull();
    }
}
