package pw.fullstack.ephemeral.reaper.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.kubernetes.ApiRequest;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.rbac.ServiceAccountRbac;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * Every call the reaper makes to the tools cluster while it expires a closed PR's cluster is one its RBAC in
 * deploy/base/reaper allows (the manifests a site applies, read from this repository). The test's own objects
 * are made with the mock's client, whose token is not the reaper's.
 */
@QuarkusTest
@TestProfile(OwnToolsCluster.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
class ToolsClusterCallsWithinRbacTest {

    static final Path DEPLOY = Path.of("../deploy/base/reaper");

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void expiringAClosedPrsClusterNeedsNothingTheReapersRoleDoesNotGrant() {
        Fixtures given = new Fixtures(tools.client(), vault);
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(60);
        String address = Fixtures.nextAddress();
        given.liveEnvironment(number, run, openedAt, address);

        try (LifecycleLog log = new LifecycleLog(bootstrapServers, "reaper-rbac")) {
            log.send(Fixtures.prClosed(number, Fixtures.now()));
            await().atMost(Duration.ofSeconds(30)).until(() -> !log.events(name, ClusterExpired.class).isEmpty());
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> given.clusterNamed(name).getMetadata().getAnnotations()
                .containsKey(ClusterAnnotations.EXPIRES_AT));

        List<ApiRequest> calls = tools.requests().by(ToolsClusterResource.SERVICE_TOKEN);
        assertThat(calls).as("the reaper's own calls were recorded: it read the Clusters and annotated this one")
                .anyMatch(c -> c.verb().equals("list") && "clusters".equals(c.resource()))
                .anyMatch(c -> c.verb().equals("patch") && name.equals(c.name()));
        assertThat(ServiceAccountRbac.refused(DEPLOY, "reaper", MockKubernetesCluster.DEFAULT_NAMESPACE, calls))
                .as("calls %s's RBAC does not allow", DEPLOY).isEmpty();
    }
}
