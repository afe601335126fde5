package pw.fullstack.ephemeral.provisioner.it;

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
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController.Behaviour;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.rbac.ServiceAccountRbac;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * Every call the provisioner makes to the tools cluster in its main flows — a cluster applied (with its copy of
 * the Proxmox credentials), made ready, expired and torn down with its namespace; a cluster that never gets ready
 * failed and torn down — is one its RBAC in deploy/base/provisioner allows (the manifests a site applies, read
 * from this repository). Simulated Cluster API works with the mock's own client, whose token is not the
 * provisioner's.
 */
@QuarkusTest
@TestProfile(FastTimeoutsOwnToolsCluster.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
class ToolsClusterCallsWithinRbacTest {

    static final Path DEPLOY = Path.of("../deploy/base/provisioner");
    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster tools;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void provisioningAndTearingDownNeedNothingTheProvisionersRolesDoNotGrant() {
        int ready = Fixtures.number();
        int failing = Fixtures.number();
        String readyName = Fixtures.name("rbac", ready);
        String failingName = Fixtures.name("rbac", failing);
        String run = Fixtures.saga();
        try (SimulatedClusterApiController clusterApi = SimulatedClusterApiController.builder(tools.client())
                .readyAfter(Duration.ofMillis(300)).deleteAfter(Duration.ofMillis(300)).start();
             LifecycleLog log = new LifecycleLog(bootstrapServers, "provisioner-rbac")) {
            clusterApi.behaviour(failingName, Behaviour.NEVER_READY);
            log.send(Fixtures.ipAllocated(run, "rbac", ready, "192.168.1.190", "192.168.1.191"));
            log.send(Fixtures.ipAllocated(Fixtures.saga(), "rbac", failing, "192.168.1.192", "192.168.1.193"));
            await().atMost(EVENTUALLY).until(() -> !log.events(readyName, ClusterReady.class).isEmpty());

            log.send(Fixtures.expired(run, "rbac", ready));
            log.send(Fixtures.dnsReleased(run, "rbac", ready));
            await().atMost(EVENTUALLY).until(() -> !log.events(readyName, ClusterDestroyed.class).isEmpty()
                    && !log.events(failingName, ClusterDestroyed.class).isEmpty());
            await().atMost(EVENTUALLY).until(() -> tools.client().namespaces().withName(readyName).get() == null
                    && tools.client().namespaces().withName(failingName).get() == null);
        }

        List<ApiRequest> calls = tools.requests().by(ToolsClusterResource.SERVICE_TOKEN);
        assertThat(calls).as("the provisioner's own calls were recorded")
                .anyMatch(c -> c.verb().equals("create") && "clusters".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("create") && "secrets".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("watch") && "clusters".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("delete") && "namespaces".equals(c.resource()) && readyName.equals(c.name()));
        assertThat(ServiceAccountRbac.refused(DEPLOY, "provisioner", MockKubernetesCluster.DEFAULT_NAMESPACE, calls))
                .as("calls %s's RBAC does not allow", DEPLOY).isEmpty();
    }
}
