package pw.fullstack.ephemeral.provisioner.it;

import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterApiKinds;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * A provisioner that starts on a tools cluster where an earlier process applied two clusters and
 * died before reporting them: everything it needs comes from the labels and annotations, and each
 * cluster is reported ready exactly once (one event id), even if the marker write is lost.
 */
@QuarkusTest
@TestProfile(RestartTest.Profile.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = RestartedToolsCluster.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartTest {

    public static class Profile extends FastTimeouts {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            var overrides = new java.util.HashMap<>(super.getConfigOverrides());
            overrides.put("provisioner.provisioning-timeout", "10M");
            return overrides;
        }
    }

    /** The management interface (health, metrics, {@code /clusters}): a port of its own, random in tests. */
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

    private static long distinctIds(java.util.List<EventEnvelope<pw.fullstack.ephemeral.contracts.events.LifecycleEvent>> events) {
        return events.stream().map(EventEnvelope::id).distinct().count();
    }

    @Test
    void clustersLeftByAnEarlierProcessAreReportedReadyExactlyOnce() {
        String ready = RestartedToolsCluster.READY;
        await().atMost(Duration.ofSeconds(30)).until(() -> !log.events(ready, ClusterReady.class).isEmpty());
        var first = log.events(ready, ClusterReady.class).get(0);
        assertThat(first.causationId()).isEqualTo(RestartedToolsCluster.READY_CAUSE);
        assertThat(first.correlationId()).isEqualTo(RestartedToolsCluster.SAGA + "-1");
        assertThat(first.id()).isEqualTo(EventEnvelope.causedBy(RestartedToolsCluster.READY_CAUSE, first.correlationId(),
                first.source(), first.data()).id());
        await().atMost(Duration.ofSeconds(10)).until(() -> tools.namespaces().withName(ready).get().getMetadata()
                .getAnnotations().containsKey(ClusterLabels.READY_REPORTED));

        // Crash window: the event went out but the marker never got written. The next pass re-emits the same id.
        tools.namespaces().withName(ready).edit(ns -> {
            ns.getMetadata().getAnnotations().remove(ClusterLabels.READY_REPORTED);
            return ns;
        });
        tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(ready).withName(ready).edit(c -> {
            c.getMetadata().getAnnotations().remove(ClusterLabels.READY_REPORTED);
            return c;
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> log.events(ready, ClusterReady.class).size() >= 2);
        assertThat(distinctIds(log.events(ready, ClusterReady.class))).isEqualTo(1);

        // The one still booting: a controller shows up after the restart and makes it ready.
        String booting = RestartedToolsCluster.BOOTING;
        assertThat(log.events(booting, ClusterReady.class)).isEmpty();
        clusterApi = SimulatedClusterApiController.builder(tools).readyAfter(Duration.ofMillis(300)).start();
        await().atMost(Duration.ofSeconds(30)).until(() -> !log.events(booting, ClusterReady.class).isEmpty());
        // Reported once: a reconcile that read the cluster after its ready marker was written, then a caught-up log.
        await().atMost(Duration.ofSeconds(10)).until(() -> tools.genericKubernetesResources(ClusterApiKinds.CLUSTER)
                .inNamespace(booting).withName(booting).get().getMetadata().getAnnotations().containsKey(ClusterLabels.READY_REPORTED));
        Instant marked = Instant.now();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            String at = management().get("/clusters").then().extract()
                    .path("find { it.name == '" + booting + "' }.lastReconciledAt");
            return at != null && Instant.parse(at).isAfter(marked);
        });
        log.awaitCaughtUp(Duration.ofSeconds(30));
        assertThat(log.events(booting, ClusterReady.class)).hasSize(1);
        assertThat(log.events(booting, ClusterReady.class).get(0).causationId()).isEqualTo(RestartedToolsCluster.BOOTING_CAUSE);
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
