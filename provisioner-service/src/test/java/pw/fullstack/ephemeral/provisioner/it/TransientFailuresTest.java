package pw.fullstack.ephemeral.provisioner.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.messaging.LifecyclePublisher;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * What a dependency that fails for a while costs: time, never an address. Vault sealed while an
 * IpAllocated arrives, and a publish the broker does not acknowledge right after a compensation was
 * decided, each end in the events the saga needs, with nothing dead-lettered.
 */
@QuarkusTest
@TestProfile(FastTimeouts.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransientFailuresTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    /** The management interface (health, metrics, {@code /clusters}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Inject
    KubernetesClient tools;

    @Inject
    LifecyclePublisher publisher;

    @InjectVaultEmulator
    VaultEmulator vault;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private SimulatedClusterApiController clusterApi;
    private LifecycleLog log;

    @BeforeAll
    void start() {
        clusterApi = SimulatedClusterApiController.builder(tools)
                .readyAfter(Duration.ofMillis(500))
                .deleteAfter(Duration.ofMillis(300))
                .start();
        log = new LifecycleLog(bootstrapServers, "provisioner");
    }

    @AfterAll
    void stop() {
        vault.unseal();
        clusterApi.close();
        log.close();
    }

    /** The old handling dead-lettered after 5 tries (~6 s): the PR would never have got its cluster. */
    @Test
    void anIpAllocatedWhileVaultIsSealedIsRetriedUntilVaultIsBackAndNeverDeadLettered() {
        int pr = Fixtures.number();
        String name = Fixtures.name("sealed", pr);
        vault.seal();
        try {
            log.send(Fixtures.ipAllocated(Fixtures.saga(), "sealed", pr, "192.168.1.160", "192.168.1.161"));

            // Tried and failing, named by readiness — and still failing after more tries than the old bounded retry.
            await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'lifecycle-events' }.data.cluster", org.hamcrest.Matchers.equalTo(name))
                    .body("checks.find { it.name == 'lifecycle-events' }.data.failing", containsString("IpAllocated")));
            await().atMost(EVENTUALLY).until(() -> tries(name) >= 12);
            assertThat(log.deadLetterReasons(name)).isEmpty();
        } finally {
            vault.unseal();
        }

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterReady.class).isEmpty());
        // Consumed and acknowledged (ClusterReady follows from it): only now is "never dead-lettered" proven.
        assertThat(log.deadLetterReasons(name)).isEmpty();
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'lifecycle-events' }.status", org.hamcrest.Matchers.equalTo("UP")));
    }

    /** Publish before remembering: with the tombstone first, the retry found the run ended and never reported it. */
    @Test
    void aClusterDestroyedWhosePublishFailsOnceIsPublishedOnTheRetryOfAnOrphanExpiry() {
        int pr = Fixtures.number();
        String name = Fixtures.name("flaky", pr);
        AtomicInteger failures = failFirstClusterDestroyedOf(name);

        var expired = Fixtures.expired(Fixtures.saga(), "flaky", pr);
        log.send(expired);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        assertThat(failures).hasValue(1);
        var destroyed = log.events(name, ClusterDestroyed.class);
        assertThat(destroyed).singleElement().satisfies(e -> {
            assertThat(e.causationId()).isEqualTo(expired.id());
            assertThat(((ClusterDestroyed) e.data()).reason()).isEqualTo(DestroyReason.EXPIRED);
        });
        assertThat(log.deadLetterReasons(name)).isEmpty();
        // Its tombstone is written after the publish: the record is done only once committed (the next test seals Vault).
        log.awaitCaughtUp(EVENTUALLY);
    }

    /** A namespace this system did not create: refused after the tombstone check, so the old order lost the compensation. */
    @Test
    void aRefusedAllocationsCompensationWhosePublishFailsOnceStillGivesTheAddressesBack() {
        int pr = Fixtures.number();
        String name = Fixtures.name("handmade", pr);
        tools.namespaces().resource(new io.fabric8.kubernetes.api.model.NamespaceBuilder().withNewMetadata().withName(name)
                .endMetadata().build()).create();
        AtomicInteger failures = failFirstClusterDestroyedOf(name);

        log.send(Fixtures.ipAllocated(Fixtures.saga(), "handmade", pr, "192.168.1.162", "192.168.1.163"));

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        assertThat(failures).hasValue(1);
        assertThat(log.events(name, ClusterDestroyed.class)).singleElement().satisfies(e ->
                assertThat(((ClusterDestroyed) e.data()).addresses()).extracting(Object::toString)
                        .containsExactly("192.168.1.162", "192.168.1.163"));
        // Published again on the retry, with the same id (consumers drop the copy).
        assertThat(log.events(name, ProvisioningFailed.class).stream().map(EventEnvelope::id).distinct()).hasSize(1);
        await().atMost(EVENTUALLY).until(() -> !log.deadLetterReasons(name).isEmpty());
        assertThat(log.deadLetterReasons(name)).singleElement()
                .satisfies(reason -> assertThat(reason).contains("was not created by this system"));
        assertThat(tools.namespaces().withName(name).get().getMetadata().getLabels()).isNullOrEmpty();
        log.awaitCaughtUp(EVENTUALLY);
    }

    private int tries(String cluster) {
        String failing = management().get("/q/health/ready").then().extract()
                .path("checks.find { it.name == 'lifecycle-events' }.data.failing");
        if (failing == null || !failing.contains(cluster)) {
            return 0;
        }
        var matcher = java.util.regex.Pattern.compile("\\((\\d+) tries\\)").matcher(failing);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** The broker does not acknowledge the first ClusterDestroyed of this cluster; everything else goes through. */
    private AtomicInteger failFirstClusterDestroyedOf(String cluster) {
        LifecyclePublisher real = ClientProxy.unwrap(publisher);
        AtomicInteger failures = new AtomicInteger();
        QuarkusMock.installMockForType(new LifecyclePublisher() {
            @Override
            public Uni<Void> publish(EventEnvelope<?> envelope) {
                return real.publish(envelope);
            }

            @Override
            public void publishAndAwait(EventEnvelope<?> envelope) {
                if (envelope.subject().equals(cluster) && envelope.data() instanceof ClusterDestroyed
                        && failures.compareAndSet(0, 1)) {
                    throw new IllegalStateException("the broker did not acknowledge within the publish timeout");
                }
                real.publishAndAwait(envelope);
            }
        }, LifecyclePublisher.class);
        return failures;
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
