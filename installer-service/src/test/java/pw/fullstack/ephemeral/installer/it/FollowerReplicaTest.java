package pw.fullstack.ephemeral.installer.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.StandInLeader;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;
import pw.fullstack.ephemeral.testkit.workload.SimulatedK3s;

/**
 * This installer is the second replica: another one holds the Lease {@code installer-leader}. It installs nothing
 * while it follows, takes over within the lease duration once the leader dies, and then installs the environment
 * once: each HelmChart created once, one PhasesInstalled.
 */
@QuarkusTest
@TestProfile(FastInstalls.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OtherInstallerLeads.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowerReplicaTest extends InstallerWorld {

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Test
    void aFollowerInstallsNothingUntilTheLeaderDiesThenInstallsEachChartOnce() {
        ReadyClusters.Ready ready = clusters.ready("follower", false);
        RequestJournal.Mark before = ready.workload().journal().mark();
        assertThat(role()).isEqualTo("follower");

        log.send(ready.event());
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), ClusterReady.class).isEmpty());
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                ready.workload().journal().countSince(before, e -> e.verb() == RequestJournal.Verb.CREATE) == 0
                        && log.events(ready.name(), PhasesInstalled.class).isEmpty() && "follower".equals(role()));

        StandInLeader.kill("installer");

        await().atMost(Duration.ofSeconds(10)).until(() -> "leader".equals(role()));
        await().atMost(EVENTUALLY).until(() -> !log.events(ready.name(), PhasesInstalled.class).isEmpty());
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(ready.name(), PhasesInstalled.class)).hasSize(1);
        assertThat(ready.workload().journal().countSince(before, e -> e.verb() == RequestJournal.Verb.CREATE
                && e.inGroup("helm.cattle.io"))).as("cert-manager and external-secrets, once each").isEqualTo(2);
        assertThat(ready.workload().client().genericKubernetesResources(SimulatedK3s.HELM_CHARTS).inNamespace("kube-system")
                .list().getItems()).hasSize(2);
    }

    private String role() {
        return given().port(managementUrl.getPort()).get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'leadership' }.data.role");
    }
}
