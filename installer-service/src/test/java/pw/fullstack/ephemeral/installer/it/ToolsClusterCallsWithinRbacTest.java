package pw.fullstack.ephemeral.installer.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.rbac.ServiceAccountRbac;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;
import pw.fullstack.ephemeral.testkit.workload.SimulatedWorkloads;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour.ChartOutcome;

/**
 * Every call the installer makes to the tools cluster in its main flows — an environment installed (the PR's
 * DNSEndpoint and Certificate in its namespace there, the certificate read and copied), expired and released; an
 * installation whose helm install fails — is one its RBAC in deploy/base/installer allows (the manifests a site
 * applies, read from this repository). The ready clusters are made with the mock's own client, whose token is not
 * the installer's.
 */
@QuarkusTest
@TestProfile(FastInstallsOwnToolsCluster.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = WorkloadsResource.class, restrictToAnnotatedClass = true)
class ToolsClusterCallsWithinRbacTest {

    static final Path DEPLOY = Path.of("../deploy/base/installer");
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @WorkloadsResource.InjectWorkloads
    SimulatedWorkloads workloads;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void installingReleasingAndFailingNeedNothingTheInstallersRolesDoNotGrant() {
        ReadyClusters clusters = new ReadyClusters(tools.client(), vault, workloads);
        try (LifecycleLog log = new LifecycleLog(bootstrapServers, "installer-rbac")) {
            ReadyClusters.Ready installed = clusters.ready("rbac", false);
            ReadyClusters.Ready failing = clusters.ready("rbacfail", false);
            workloads.behaviour(failing.name(), WorkloadBehaviour.installsAfter(Duration.ofMillis(100))
                    .withChart("external-secrets", ChartOutcome.FAIL));

            log.send(installed.event());
            log.send(failing.event());
            await().atMost(EVENTUALLY).until(() -> !log.events(installed.name(), PhasesInstalled.class).isEmpty()
                    && !log.events(failing.name(), InstallFailed.class).isEmpty());
            log.send(ReadyClusters.expired(installed.run(), installed.pr()));
            await().atMost(EVENTUALLY).until(() -> !log.events(installed.name(), DnsReleased.class).isEmpty());
        } finally {
            clusters.close();
        }

        List<ApiRequest> calls = tools.requests().by(ToolsClusterResource.SERVICE_TOKEN);
        assertThat(calls).as("the installer's own calls were recorded")
                .anyMatch(c -> c.verb().equals("create") && "dnsendpoints".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("create") && "certificates".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("delete") && "dnsendpoints".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("patch") && "clusters".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("get") && "secrets".equals(c.resource()));
        assertThat(ServiceAccountRbac.refused(DEPLOY, "installer", MockKubernetesCluster.DEFAULT_NAMESPACE, calls))
                .as("calls %s's RBAC does not allow", DEPLOY).isEmpty();
    }
}
