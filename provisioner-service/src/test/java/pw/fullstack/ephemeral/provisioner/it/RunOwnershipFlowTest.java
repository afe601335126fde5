package pw.fullstack.ephemeral.provisioner.it;

import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterApiKinds;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.testkit.clusterapi.SimulatedClusterApiController;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * Which run owns a cluster on the tools cluster: a reopened PR's newer run takes a live cluster over
 * or waits for a teardown in progress; replays of ended runs and events of other runs act on
 * nothing; namespaces this system did not create are never touched.
 */
@QuarkusTest
@TestProfile(FastTimeouts.class)
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunOwnershipFlowTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);

    /** The management interface (health, metrics, {@code /clusters}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Inject
    KubernetesClient tools;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ToolsClusterResource.InjectToolsCluster
    MockKubernetesCluster toolsCluster;

    private SimulatedClusterApiController clusterApi;
    private LifecycleLog log;

    @BeforeAll
    void start() {
        clusterApi = SimulatedClusterApiController.builder(tools)
                .readyAfter(Duration.ofMillis(300))
                .deleteAfter(Duration.ofMillis(300))
                .start();
        log = new LifecycleLog(bootstrapServers, "provisioner");
    }

    @AfterAll
    void stop() {
        clusterApi.close();
        log.close();
    }

    private GenericKubernetesResource cluster(String name) {
        return tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).withName(name).get();
    }

    private List<EventEnvelope<pw.fullstack.ephemeral.contracts.events.LifecycleEvent>> readyOf(String name, String run) {
        return log.events(name, ClusterReady.class).stream().filter(e -> e.correlationId().equals(run)).toList();
    }

    @Test
    void aPrReopenedWhileItsClusterLivesGetsTheSameClusterReportedReadyForTheNewRun() {
        int pr = Fixtures.number();
        String name = Fixtures.name("reopen", pr);
        String first = Fixtures.saga();
        Instant opened = Instant.now().minusSeconds(120);
        var firstAllocated = Fixtures.ipAllocated(first, opened, "reopen", pr, "192.168.1.160", "192.168.1.161");
        log.send(firstAllocated);
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, first).isEmpty());
        String uid = cluster(name).getMetadata().getUid();

        String reopened = Fixtures.saga();
        var newAllocated = Fixtures.ipAllocated(reopened, opened.plusSeconds(60), "reopen", pr, "192.168.1.160",
                "192.168.1.161");
        log.send(newAllocated);

        await().atMost(EVENTUALLY).until(() -> !readyOf(name, reopened).isEmpty());
        var ready = readyOf(name, reopened).get(0);
        assertThat(ready.causationId()).isEqualTo(newAllocated.id());
        assertThat(ready.id()).isEqualTo(EventEnvelope.causedBy(newAllocated, ready.source(), (ClusterReady) ready.data()).id());
        assertThat(cluster(name).getMetadata().getUid()).as("adopted, not recreated").isEqualTo(uid);
        assertThat(cluster(name).getMetadata().getAnnotations()).containsEntry(ClusterLabels.CORRELATION_ID, reopened);

        // The old run's expiry (the grace period of its close) and its replayed IpAllocated change nothing.
        double otherRun = IgnoredEvents.count(management(), "other-saga");
        double endedRun = IgnoredEvents.count(management(), "ended-run");
        log.send(Fixtures.expired(first, "reopen", pr, ExpiryReason.GRACE_PERIOD_ELAPSED));
        log.send(firstAllocated);
        await().atMost(EVENTUALLY).until(() ->
                IgnoredEvents.count(management(), "other-saga") > otherRun
                        && IgnoredEvents.count(management(), "ended-run") > endedRun);
        assertThat(cluster(name).getMetadata().getUid()).isEqualTo(uid);
        assertThat(cluster(name).getMetadata().getAnnotations()).doesNotContainKey(ClusterLabels.TEARDOWN_REASON);
        assertThat(log.events(name, ClusterDestroyed.class)).isEmpty();
    }

    /** With the first run's long-past deadline, one failed readiness check after the adoption deleted the live cluster. */
    @Test
    void anAdoptedClusterGetsAFreshDeadlineSoABlipRightAfterTheReopenIsNoFailure() {
        int pr = Fixtures.number();
        String name = Fixtures.name("blip", pr);
        String first = Fixtures.saga();
        Instant opened = Instant.now().minusSeconds(120);
        log.send(Fixtures.ipAllocated(first, opened, "blip", pr, "192.168.1.170", "192.168.1.171"));
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, first).isEmpty());
        Instant firstDeadline = Instant.parse(cluster(name).getMetadata().getAnnotations().get(ClusterLabels.PROVISIONING_DEADLINE));
        await().atMost(EVENTUALLY).until(() -> Instant.now().isAfter(firstDeadline));
        setAvailable(name, "False");

        String reopened = Fixtures.saga();
        Instant adoptedAt = Instant.now();
        log.send(Fixtures.ipAllocated(reopened, opened.plusSeconds(60), "blip", pr, "192.168.1.170", "192.168.1.171"));

        await().atMost(EVENTUALLY).until(() -> reopened.equals(cluster(name).getMetadata().getAnnotations()
                .get(ClusterLabels.CORRELATION_ID)));
        Instant adoptionSeen = Instant.now();
        assertThat(Instant.parse(cluster(name).getMetadata().getAnnotations().get(ClusterLabels.PROVISIONING_DEADLINE)))
                .isAfter(adoptedAt);
        // The loop has read the adopted, unready cluster and decided to wait (not to fail it); then it recovers.
        await().atMost(EVENTUALLY).until(() -> lastLookAfter(name, adoptionSeen));
        assertThat(log.events(name, ProvisioningFailed.class)).isEmpty();
        setAvailable(name, "True");

        await().atMost(EVENTUALLY).until(() -> !readyOf(name, reopened).isEmpty());
        assertThat(log.events(name, ProvisioningFailed.class)).isEmpty();
        assertThat(cluster(name).getMetadata().getDeletionTimestamp()).isNull();
    }

    private boolean lastLookAfter(String name, Instant instant) {
        String at = management().get("/clusters").then().statusCode(200).extract()
                .path("find { it.name == '" + name + "' }.lastReconciledAt");
        return at != null && Instant.parse(at).isAfter(instant);
    }

    private void setAvailable(String name, String status) {
        tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(name).withName(name).editStatus(c -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> current = (Map<String, Object>) c.getAdditionalProperties().get("status");
            Map<String, Object> changed = new java.util.LinkedHashMap<>(current);
            changed.put("conditions", List.of(Map.of("type", "Available", "status", status, "reason", "Test",
                    "message", "", "lastTransitionTime", Instant.now().toString())));
            c.getAdditionalProperties().put("status", changed);
            return c;
        });
    }

    @Test
    void aReopenedPrThatClosesAgainWhileItWaitsForTheTeardownGetsNoFreshCluster() {
        int pr = Fixtures.number();
        String name = Fixtures.name("closedwait", pr);
        String first = Fixtures.saga();
        Instant opened = Instant.now().minusSeconds(120);
        log.send(Fixtures.ipAllocated(first, opened, "closedwait", pr, "192.168.1.172", "192.168.1.173"));
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, first).isEmpty());
        clusterApi.holdDeletion(name);
        log.send(Fixtures.expired(first, "closedwait", pr, ExpiryReason.GRACE_PERIOD_ELAPSED));
        log.send(Fixtures.dnsReleased(first, "closedwait", pr));
        await().atMost(EVENTUALLY).until(() -> clusterApi.deletionRequestedAt(name).isPresent());
        String reopened = Fixtures.saga();
        log.send(Fixtures.ipAllocated(reopened, opened.plusSeconds(60), "closedwait", pr, "192.168.1.172", "192.168.1.173"));
        await().atMost(EVENTUALLY).until(() -> reopened.equals(tools.namespaces().withName(name).get().getMetadata()
                .getAnnotations().get(ClusterLabels.SUCCESSOR_CORRELATION_ID)));

        log.send(EventEnvelope.inSaga(reopened, Fixtures.ALLOCATOR, new pw.fullstack.ephemeral.contracts.events.PrClosed(
                Fixtures.pr("closedwait", pr), pw.fullstack.ephemeral.contracts.naming.ClusterName.of(name), false,
                opened.plusSeconds(90))));
        await().atMost(EVENTUALLY).until(() -> !tools.namespaces().withName(name).get().getMetadata().getAnnotations()
                .containsKey(ClusterLabels.SUCCESSOR_CORRELATION_ID));
        RequestJournal.Mark released = toolsCluster.journal().mark();
        clusterApi.releaseDeletion(name);

        // The old run's teardown ends as planned, the namespace goes, and nothing is created for the closed run.
        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        log.awaitCaughtUp(EVENTUALLY);
        assertThat(log.events(name, ClusterDestroyed.class)).singleElement()
                .satisfies(e -> assertThat(e.correlationId()).isEqualTo(first));
        assertThat(readyOf(name, reopened)).isEmpty();
        assertThat(toolsCluster.journal().since(released, e -> name.equals(e.namespace())
                && e.verb() == RequestJournal.Verb.CREATE)).as("no object created for the closed run").isEmpty();
    }

    @Test
    void aPrReopenedDuringTeardownGetsAFreshClusterWithTheSameAddressesOnceTheOldOneIsGone() {
        int pr = Fixtures.number();
        String name = Fixtures.name("rebuild", pr);
        String first = Fixtures.saga();
        Instant opened = Instant.now().minusSeconds(120);
        log.send(Fixtures.ipAllocated(first, opened, "rebuild", pr, "192.168.1.162", "192.168.1.163"));
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, first).isEmpty());
        String oldUid = cluster(name).getMetadata().getUid();
        clusterApi.holdDeletion(name);
        log.send(Fixtures.expired(first, "rebuild", pr, ExpiryReason.GRACE_PERIOD_ELAPSED));
        log.send(Fixtures.dnsReleased(first, "rebuild", pr));
        await().atMost(EVENTUALLY).until(() -> clusterApi.deletionRequestedAt(name).isPresent());

        String reopened = Fixtures.saga();
        var newAllocated = Fixtures.ipAllocated(reopened, opened.plusSeconds(60), "rebuild", pr, "192.168.1.162",
                "192.168.1.163");
        log.send(newAllocated);
        await().atMost(EVENTUALLY).until(() -> reopened.equals(tools.namespaces().withName(name).get().getMetadata()
                .getAnnotations().get(ClusterLabels.SUCCESSOR_CORRELATION_ID)));
        assertThat(log.events(name, ClusterDestroyed.class)).as("nothing reported while the old VM lives").isEmpty();

        clusterApi.releaseDeletion(name);

        await().atMost(EVENTUALLY).until(() -> !readyOf(name, reopened).isEmpty());
        var destroyed = log.events(name, ClusterDestroyed.class);
        assertThat(destroyed).singleElement().satisfies(e -> {
            assertThat(e.correlationId()).isEqualTo(first);
            assertThat(((ClusterDestroyed) e.data()).reason()).isEqualTo(DestroyReason.EXPIRED);
        });
        GenericKubernetesResource rebuilt = cluster(name);
        assertThat(rebuilt.getMetadata().getUid()).isNotEqualTo(oldUid);
        assertThat(rebuilt.getMetadata().getAnnotations()).containsEntry(ClusterLabels.CORRELATION_ID, reopened)
                .containsEntry(ClusterLabels.ADDRESSES, "192.168.1.162,192.168.1.163")
                .doesNotContainKeys(ClusterLabels.TEARDOWN_REASON, ClusterLabels.SUCCESSOR_CORRELATION_ID);
        assertThat(readyOf(name, reopened).get(0).causationId()).isEqualTo(newAllocated.id());
    }

    @Test
    void aPrReopenedWhileItsNamespaceIsStillBeingDeletedGetsItsClusterOnceTheNamespaceIsGone() {
        int pr = Fixtures.number();
        String name = Fixtures.name("nsgone", pr);
        String first = Fixtures.saga();
        Instant opened = Instant.now().minusSeconds(120);
        log.send(Fixtures.ipAllocated(first, opened, "nsgone", pr, "192.168.1.174", "192.168.1.175"));
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, first).isEmpty());
        toolsCluster.holdNamespacesTerminating(Duration.ofSeconds(4));
        try {
            log.send(Fixtures.expired(first, "nsgone", pr, ExpiryReason.GRACE_PERIOD_ELAPSED));
            log.send(Fixtures.dnsReleased(first, "nsgone", pr));
            await().atMost(EVENTUALLY).until(() -> {
                Namespace namespace = tools.namespaces().withName(name).get();
                return namespace != null && namespace.getMetadata().getDeletionTimestamp() != null;
            });
            RequestJournal.Mark terminating = toolsCluster.journal().mark();
            String reopened = Fixtures.saga();
            var newAllocated = Fixtures.ipAllocated(reopened, opened.plusSeconds(60), "nsgone", pr, "192.168.1.174",
                    "192.168.1.175");

            log.send(newAllocated);

            await().atMost(EVENTUALLY).until(() -> !readyOf(name, reopened).isEmpty());
            assertThat(toolsCluster.journal().since(terminating, e -> name.equals(e.namespace()) && e.status() == 403))
                    .as("nothing was applied into the namespace while it was being deleted").isEmpty();
            assertThat(cluster(name).getMetadata().getAnnotations()).containsEntry(ClusterLabels.CORRELATION_ID, reopened)
                    .containsEntry(ClusterLabels.ADDRESSES, "192.168.1.174,192.168.1.175");
            assertThat(readyOf(name, reopened).get(0).causationId()).isEqualTo(newAllocated.id());
            assertThat(log.events(name, ClusterDestroyed.class)).singleElement()
                    .satisfies(e -> assertThat(e.correlationId()).isEqualTo(first));
        } finally {
            toolsCluster.holdNamespacesTerminating(Duration.ZERO);
        }
    }

    @Test
    void aNamespaceDeletedByHandEndsItsRunAndGivesItsAddressesBack() {
        int pr = Fixtures.number();
        String name = Fixtures.name("handdel", pr);
        String run = Fixtures.saga();
        log.send(Fixtures.ipAllocated(run, "handdel", pr, "192.168.1.176", "192.168.1.177"));
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, run).isEmpty());

        tools.namespaces().withName(name).delete();

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        assertThat(log.events(name, ClusterDestroyed.class)).singleElement().satisfies(e -> {
            assertThat(e.correlationId()).isEqualTo(run);
            assertThat(((ClusterDestroyed) e.data()).reason()).isEqualTo(DestroyReason.ORPHAN);
            assertThat(((ClusterDestroyed) e.data()).addresses()).extracting(Object::toString)
                    .containsExactly("192.168.1.176", "192.168.1.177");
        });
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
    }

    @Inject
    pw.fullstack.ephemeral.messaging.retention.ReplayableTopics replayableTopics;

    @Test
    void endedRunsAreRememberedAtLeastAsLongAsTheBrokerKeepsARecordThatCouldBeReplayed() {
        // The test broker keeps Kafka's defaults for the lifecycle and dead-letter topics: 7 days, weekly segments.
        assertThat(replayableTopics.dropTombstonesAfter(Duration.ofDays(1))).contains(Duration.ofDays(14));
        assertThat(replayableTopics.dropTombstonesAfter(Duration.ofDays(30))).contains(Duration.ofDays(30));
    }

    @Test
    void aReplayedIpAllocatedOfADestroyedClusterCreatesNothing() {
        int pr = Fixtures.number();
        String name = Fixtures.name("replay", pr);
        String run = Fixtures.saga();
        var allocated = Fixtures.ipAllocated(run, "replay", pr, "192.168.1.164", "192.168.1.165");
        log.send(allocated);
        await().atMost(EVENTUALLY).until(() -> !readyOf(name, run).isEmpty());
        log.send(Fixtures.expired(run, "replay", pr));
        log.send(Fixtures.dnsReleased(run, "replay", pr));
        await().atMost(EVENTUALLY).until(() -> tools.namespaces().withName(name).get() == null);
        double endedRun = IgnoredEvents.count(management(), "ended-run");

        log.send(allocated);

        await().atMost(EVENTUALLY).until(() -> IgnoredEvents.count(management(), "ended-run") > endedRun);
        assertThat(tools.namespaces().withName(name).get()).isNull();
        assertThat(cluster(name)).isNull();
        assertThat(log.events(name, ClusterReady.class)).hasSize(1);
    }

    @Test
    void anExpiryForAClusterThatNeverExistedIsAnsweredWithClusterDestroyedAndItsRunCanNoLongerCreateOne() {
        int pr = Fixtures.number();
        String name = Fixtures.name("orphan", pr);
        String run = Fixtures.saga();
        var expired = Fixtures.expired(run, "orphan", pr, ExpiryReason.ORPHAN);

        log.send(expired);

        await().atMost(EVENTUALLY).until(() -> !log.events(name, ClusterDestroyed.class).isEmpty());
        var destroyed = log.events(name, ClusterDestroyed.class).get(0);
        assertThat(((ClusterDestroyed) destroyed.data()).reason()).isEqualTo(DestroyReason.ORPHAN);
        assertThat(destroyed.causationId()).isEqualTo(expired.id());
        assertThat(destroyed.correlationId()).isEqualTo(run);

        double endedRun = IgnoredEvents.count(management(), "ended-run");
        log.send(Fixtures.ipAllocated(run, "orphan", pr, "192.168.1.166", "192.168.1.167"));
        log.send(expired);
        await().atMost(EVENTUALLY).until(() -> IgnoredEvents.count(management(), "ended-run")
                >= endedRun + 2);
        assertThat(tools.namespaces().withName(name).get()).isNull();
        assertThat(log.events(name, ClusterDestroyed.class)).extracting(EventEnvelope::id).containsOnly(destroyed.id());
    }

    @Test
    void namespacesThisSystemDidNotCreateAreNeverTouched() {
        int pr = Fixtures.number();
        String handMade = Fixtures.name("foreign", pr);
        for (String name : List.of("kube-system", "default", "capmox-system", handMade)) {
            tools.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .addToAnnotations("owner", "someone else").endMetadata().build()).createOr(NonDeletingOperation::update);
        }
        Map<String, String> versions = new java.util.HashMap<>();
        for (String name : List.of("kube-system", "default", "capmox-system", handMade)) {
            versions.put(name, tools.namespaces().withName(name).get().getMetadata().getResourceVersion());
        }

        String run = Fixtures.saga();
        for (String system : List.of("kube-system", "default", "capmox-system")) {
            log.send(Fixtures.ipAllocatedNamed(run, Instant.now(), system, "foreign", pr, "192.168.1.168", "192.168.1.169"));
            log.send(EventEnvelope.inSaga(run, Fixtures.REAPER, new ClusterExpired(Fixtures.pr("foreign", pr),
                    ClusterName.of(system), ExpiryReason.ORPHAN, Instant.now())));
        }
        var toHandMade = Fixtures.ipAllocated(run, "foreign", pr, "192.168.1.170", "192.168.1.171");
        log.send(toHandMade);

        await().atMost(EVENTUALLY).untilAsserted(() -> {
            for (String system : List.of("kube-system", "default", "capmox-system")) {
                assertThat(log.deadLetterReasons(system)).hasSize(2).allSatisfy(letter ->
                        assertThat(letter).contains("is not the name of fullstack-pw/foreign#" + pr));
            }
            assertThat(log.deadLetterReasons(handMade)).singleElement().satisfies(letter ->
                    assertThat(letter).contains("was not created by this system"));
        });
        // The run given an address for the hand-made namespace is compensated: its addresses come back.
        await().atMost(EVENTUALLY).until(() -> !log.events(handMade, ClusterDestroyed.class).isEmpty());
        assertThat(log.events(handMade, ProvisioningFailed.class)).hasSize(1);
        assertThat(((ClusterDestroyed) log.events(handMade, ClusterDestroyed.class).get(0).data()).addresses())
                .extracting(Object::toString).containsExactly("192.168.1.170", "192.168.1.171");
        for (Map.Entry<String, String> entry : versions.entrySet()) {
            Namespace namespace = tools.namespaces().withName(entry.getKey()).get();
            assertThat(namespace.getMetadata().getResourceVersion()).as(entry.getKey()).isEqualTo(entry.getValue());
            assertThat(tools.genericKubernetesResources(ClusterApiKinds.CLUSTER).inNamespace(entry.getKey()).list()
                    .getItems()).as(entry.getKey()).isEmpty();
        }
        assertThat(log.events(handMade, IpAllocated.class)).hasSize(1);
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
