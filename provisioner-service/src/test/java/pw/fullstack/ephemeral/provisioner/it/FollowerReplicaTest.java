package pw.fullstack.ephemeral.provisioner.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterApiKinds;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kafka.GroupAssignment;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.StandInLeader;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.metrics.PrometheusText;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * This provisioner is the second replica: another one holds the Lease {@code provisioner-leader}. As a follower it
 * does nothing a leader would do — no reconcile of the cluster left ready, no apply of a new IpAllocated (only the
 * leader gets the topic's partitions) — while it is ready and says it follows. When the leader dies it takes over
 * within the lease duration and does everything exactly once.
 */
@QuarkusTest
@TestProfile(FastTimeouts.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = OtherReplicaLeads.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FollowerReplicaTest {

    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Inject
    KubernetesClient tools;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private LifecycleLog log;
    private SimulatedClusterApiController clusterApi;

    @BeforeAll
    void start() {
        log = new LifecycleLog(bootstrapServers, "provisioner");
    }

    @AfterAll
    void stop() {
        log.close();
        if (clusterApi != null) {
            clusterApi.close();
        }
    }

    @Test
    void aFollowerDoesNothingUntilTheLeaderDiesThenTakesOverWithinTheLeaseDurationAndDoesEverythingOnce() {
        String ready = OtherReplicaLeads.LEFT_READY;
        var allocated = Fixtures.ipAllocated(Fixtures.saga(), "follower", 7, "192.168.1.146", "192.168.1.147");
        String fresh = allocated.data().clusterName().value();
        clusterApi = SimulatedClusterApiController.builder(tools).readyAfter(Duration.ofMillis(300)).start();

        management().get("/q/health/ready").then().statusCode(200);
        assertThat(role()).isEqualTo("follower");
        assertThat(leaderGauge()).isEqualTo(0.0);
        log.send(allocated);
        await().atMost(Duration.ofSeconds(10)).until(() -> !log.events(fresh, IpAllocated.class).isEmpty());

        // Many reconcile intervals (1 s) and retry periods: the follower's loops and handler never act.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() ->
                log.events(ready, ClusterReady.class).isEmpty()
                        && tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(fresh).withName(fresh).get() == null
                        && "follower".equals(role()));
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(StandInLeader.identity("provisioner"));
        assertThat(GroupAssignment.assignedPartitions(bootstrapServers, "provisioner"))
                .as("the follower is in the consumer group and holds no partition").isZero();

        Instant lastRenewal = lease().getSpec().getRenewTime().toInstant();
        StandInLeader.kill("provisioner");

        await().atMost(Duration.ofSeconds(10)).until(() -> "leader".equals(role()));
        Instant takenOver = lease().getSpec().getAcquireTime().toInstant();
        assertThat(Duration.between(lastRenewal, takenOver))
                .isLessThanOrEqualTo(StandInLeader.LEASE.plus(StandInLeader.RETRY.multipliedBy(3)).plusMillis(500));
        assertThat(leaderGauge()).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(15)).until(() -> GroupAssignment.assignedPartitions(bootstrapServers, "provisioner") > 0);

        // The leader now reports the cluster left ready and provisions the new one, each exactly once.
        await().atMost(Duration.ofSeconds(30)).until(() -> !log.events(ready, ClusterReady.class).isEmpty()
                && !log.events(fresh, ClusterReady.class).isEmpty());
        log.awaitCaughtUp(Duration.ofSeconds(30));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() ->
                log.events(ready, ClusterReady.class).size() == 1 && log.events(fresh, ClusterReady.class).size() == 1);
    }

    private Lease lease() {
        return tools.leases().inNamespace("default").withName("provisioner-leader").get();
    }

    private String role() {
        return management().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'leadership' }.data.role");
    }

    private double leaderGauge() {
        return PrometheusText.sum(management().get("/q/metrics").asString(), "ephemeral_leader", "service=\"provisioner\"");
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
