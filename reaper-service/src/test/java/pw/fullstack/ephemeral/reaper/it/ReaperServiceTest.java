package pw.fullstack.ephemeral.reaper.it;

import pw.fullstack.ephemeral.testkit.kubernetes.ToolsClusterResource;
import pw.fullstack.ephemeral.testkit.kafka.LifecycleLog;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.http.jdk.JDKVaultHttpClient;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.reaper.ReaperConfig;
import pw.fullstack.ephemeral.reaper.expiry.Decision;
import pw.fullstack.ephemeral.reaper.expiry.Expiry;
import pw.fullstack.ephemeral.reaper.expiry.ExpiryDecisions;
import pw.fullstack.ephemeral.reaper.expiry.ExpiryPolicy;
import pw.fullstack.ephemeral.reaper.expiry.Verdict;
import pw.fullstack.ephemeral.reaper.pass.PassListener;
import pw.fullstack.ephemeral.reaper.pass.ReaperPass;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;
import pw.fullstack.ephemeral.reaper.tools.ToolsClusterReader;
import pw.fullstack.ephemeral.reaper.vault.ReaperVault;
import pw.fullstack.ephemeral.testkit.http.ManagementPortSplit;
import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerResource;
import pw.fullstack.ephemeral.testkit.vault.InjectVaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulatorResource;

/**
 * The reaper as deployed, against a real broker, the Vault emulator and a mock tools cluster, with
 * the test profile's seconds instead of hours (grace 4 s, settle 3 s, a pass every second). The
 * provisioner's and the allocator's state is written by {@link Fixtures}.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = VaultEmulatorResource.class, restrictToAnnotatedClass = true, initArgs = {
        // Vault as in production: set up by deploy/vault/setup.sh, logged in with Kubernetes auth as role reaper,
        // holding only deploy/vault/policies/reaper.hcl
        @ResourceArg(name = VaultEmulatorResource.SETUP_SCRIPT_ARG, value = "../deploy/vault/setup.sh"),
        @ResourceArg(name = VaultEmulatorResource.LOGIN_AS_ARG, value = "reaper")})
@QuarkusTestResource(value = ToolsClusterResource.class, restrictToAnnotatedClass = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReaperServiceTest {

    private static final Duration EVENTUALLY = Duration.ofSeconds(30);
    private static final Duration GRACE = Duration.ofSeconds(4);
    private static final Duration SETTLE = Duration.ofSeconds(3);

    /** The management interface (health, metrics, {@code /expiries}): a port of its own, random in tests. */
    @TestHTTPResource(value = "/", management = true)
    URL managementUrl;

    @Inject
    KubernetesClient tools;

    @InjectVaultEmulator
    VaultEmulator vault;

    @Inject
    ReaperConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url")
    String toolsUrl;

    private LifecycleLog log;
    private Fixtures given;

    @BeforeAll
    void start() {
        log = new LifecycleLog(bootstrapServers, "reaper");
        given = new Fixtures(tools, vault);
    }

    @AfterAll
    void stop() {
        log.close();
    }

    @Test
    void healthMetricsAndTheExpiriesAreServedOnTheManagementPortAndNotOnTheMainOne() {
        ManagementPortSplit.assertServedOnlyByTheManagementPort(RestAssured.port, managementUrl.getPort(), "/expiries");
    }

    @Test
    void aClosedPrsClusterExpiresWhenTheGracePeriodEndsOnceForTheRunThatOwnsIt() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(60);
        String address = Fixtures.nextAddress();
        given.liveEnvironment(number, run, openedAt, address);
        Instant closedAt = Fixtures.now();

        log.send(Fixtures.prClosed(number, closedAt));

        await().atMost(EVENTUALLY).until(() -> vault.read("kv", "ephemeral-clusters/reaper/prs/" + name)
                .map(h -> closedAt.toString().equals(h.get("closedAt"))).orElse(false));
        await().atMost(EVENTUALLY).until(() -> closedAt.plus(GRACE).toString().equals(
                given.clusterNamed(name).getMetadata().getAnnotations().get(ClusterAnnotations.EXPIRES_AT)));
        assertThat(given.clusterNamed(name).getMetadata().getAnnotations())
                .containsEntry(ClusterAnnotations.EXPIRY_REASON, "grace-period-elapsed");

        await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());
        EventEnvelope<LifecycleEvent> envelope = expiries(name).get(0);
        ClusterExpired expired = (ClusterExpired) envelope.data();
        assertThat(envelope.correlationId()).isEqualTo(run);
        assertThat(envelope.source()).isEqualTo(URI.create("/ephemeral-clusters/reaper"));
        assertThat(expired.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
        assertThat(expired.deadline()).isEqualTo(closedAt.plus(GRACE));
        assertThat(expired.pullRequest()).isEqualTo(Fixtures.pr(number));
        assertThat(envelope.time().toInstant()).as("not before the deadline").isAfterOrEqualTo(closedAt.plus(GRACE));

        // Until the provisioner starts the teardown the same decision is published again (resend-after 2 s): the same id.
        await().atMost(EVENTUALLY).until(() -> expiries(name).size() >= 2);
        assertThat(distinctExpiryIds(name)).isEqualTo(1);
        given.annotate(name, Map.of(ClusterAnnotations.TEARDOWN_REQUESTED, Fixtures.now().toString(),
                ClusterAnnotations.TEARDOWN_REASON, "expired"));
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(expiry(name).get("status")).isEqualTo("TEARING_DOWN"));
        // A pass that was under way when the teardown showed may still re-send: the baseline is taken once
        // two passes have finished since, and the log has caught up; two more passes then publish nothing.
        awaitPassesAndCaughtUpLog(2);
        int published = expiries(name).size();
        awaitPassesAndCaughtUpLog(2);
        assertThat(expiries(name)).hasSize(published);
    }

    @Test
    void aCloseThatArrivesBeforeTheClusterExistsExpiresTheClusterOnceItAppears() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(60);
        String address = Fixtures.nextAddress();
        given.allocate(name, address);
        given.allocatorRecord(name, number, run, openedAt, address);
        given.namespace(name); // the provisioner has started: the address is held, the Cluster not applied yet
        Instant closedAt = Fixtures.now().minusSeconds(10);

        log.send(Fixtures.prClosed(number, closedAt));
        await().atMost(EVENTUALLY).until(() -> vault.read("kv", "ephemeral-clusters/reaper/prs/" + name).isPresent());
        // Passes that began after the close was recorded (its grace long over) published nothing: no Cluster yet.
        awaitPassesAndCaughtUpLog(2);
        assertThat(expiries(name)).isEmpty();

        given.cluster(number, run, openedAt, Fixtures.now());

        await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());
        assertThat(firstExpiry(name).reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
        assertThat(firstExpiry(name).deadline()).isEqualTo(closedAt.plus(GRACE));
        assertThat(expiries(name).get(0).correlationId()).isEqualTo(run);
    }

    @Test
    void aReopenWithinTheGracePeriodCancelsTheExpiryWithoutAnyoneSendingAnything() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String oldRun = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(60);
        String address = Fixtures.nextAddress();
        given.allocate(name, address);
        given.allocatorRecord(name, number, oldRun, openedAt, address);
        given.cluster(number, oldRun, openedAt, openedAt);
        Instant closedAt = Fixtures.now();
        log.send(Fixtures.prClosed(number, closedAt));
        var reopened = Fixtures.prOpened(number, closedAt.plusSeconds(1));

        log.send(reopened);

        // Passes that began after the close's grace period was over decided nothing: the reopen cancelled it.
        await().atMost(EVENTUALLY).until(() -> Fixtures.now().isAfter(closedAt.plus(GRACE)));
        awaitPassesAndCaughtUpLog(2);
        assertThat(expiries(name)).isEmpty();
        // the provisioner hands the cluster to the new run; still nothing, and the deadline is the max lifetime
        given.annotate(name, Map.of(ClusterAnnotations.CORRELATION_ID, reopened.correlationId(),
                ClusterAnnotations.OPENED_AT, reopened.data().openedAt().toString()));
        awaitPassesAndCaughtUpLog(2);
        assertThat(expiries(name)).isEmpty();
        Map<String, Object> row = expiry(name);
        assertThat(row).containsEntry("status", "PENDING").containsEntry("reason", "max-lifetime-reached")
                .containsEntry("runId", reopened.correlationId());
        assertThat((List<?>) row.get("evidence")).anyMatch(e -> e.toString().startsWith("reopened at"));
    }

    @Test
    void anOpenPrsClusterExpiresAtItsMaximumLifetimeForTheRunThatOwnsItNow() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        Instant started = Fixtures.now().minus(config.maxLifetime()).plusSeconds(2);
        String address = Fixtures.nextAddress();
        given.allocate(name, address);
        given.allocatorRecord(name, number, run, started, address);
        given.cluster(number, run, started, started);

        await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());

        assertThat(firstExpiry(name).reason()).isEqualTo(ExpiryReason.MAX_LIFETIME_REACHED);
        assertThat(firstExpiry(name).deadline()).isEqualTo(started.plus(config.maxLifetime()));
        assertThat(expiries(name).get(0).correlationId()).isEqualTo(run);
    }

    @Test
    void keepUntilPostponesAnExpiryThatIsAlreadyDue() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(120);
        Instant keepUntil = Fixtures.now().plusSeconds(20);
        String address = Fixtures.nextAddress();
        given.allocate(name, address);
        given.allocatorRecord(name, number, run, openedAt, address);
        given.cluster(number, run, openedAt, openedAt, ClusterAnnotations.KEEP_UNTIL, keepUntil.toString());

        log.send(Fixtures.prClosed(number, Fixtures.now().minusSeconds(60)));

        await().atMost(EVENTUALLY).until(() -> {
            Map<String, Object> row = expiry(name);
            return "PENDING".equals(row.get("status")) && keepUntil.toString().equals(row.get("keptUntil"));
        });
        await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());
        assertThat(firstExpiry(name).deadline()).isEqualTo(keepUntil);
        assertThat(expiries(name).get(0).time().toInstant()).as("not before keep-until").isAfterOrEqualTo(keepUntil);
    }

    @Test
    void anAddressTheSeedsToolingWroteIsGivenBackThroughTheNormalPathAndNamesAreComparedWhole() {
        int number = Fixtures.nextNumber();
        String orphan = Fixtures.name(number);              // pr-demoapps-N: seed entry, nothing on the tools cluster
        int longerNumber = number * 10;                       // pr-demoapps-N0: alive, and a substring match would say N is too
        String alive = Fixtures.name(longerNumber);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(30);
        String orphanAddress = Fixtures.nextAddress();
        String aliveAddress = Fixtures.nextAddress();
        given.allocate(alive, aliveAddress);
        given.allocatorRecord(alive, longerNumber, run, openedAt, aliveAddress);
        given.cluster(longerNumber, run, openedAt, openedAt);
        Instant seeded = Fixtures.now();

        given.allocate(orphan, orphanAddress);

        await().atMost(EVENTUALLY).until(() -> !expiries(orphan).isEmpty());
        EventEnvelope<LifecycleEvent> envelope = expiries(orphan).get(0);
        ClusterExpired expired = (ClusterExpired) envelope.data();
        assertThat(expired.reason()).isEqualTo(ExpiryReason.ORPHAN);
        assertThat(expired.pullRequest()).isEqualTo(Fixtures.pr(number));
        assertThat(envelope.correlationId()).isEqualTo(ExpiryDecisions.runIdWithoutMetadata(orphan, List.of(orphanAddress)));
        assertThat(envelope.time().toInstant()).as("only after the settle time").isAfterOrEqualTo(seeded.plus(SETTLE));
        assertThat(expiries(alive)).isEmpty();
        assertThat(vault.read("kv", Fixtures.ALLOCATIONS).orElseThrow()).as("the reaper never writes the map")
                .containsEntry(orphanAddress, orphan);
        management().get("/q/metrics").then().statusCode(200)
                .body(containsString("reaper_orphan_decisions_total{action=\"expired\",kind=\"address\"}"))
                .body(containsString("reaper_expiries_total{reason=\"orphan\"}"));
    }

    @Test
    void aClusterOfOursWithoutAnAllocationIsExpiredAsAnOrphan() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(30);
        // The map exists (the allocator keeps it once written) and has no entry for this cluster.
        given.allocate(Fixtures.name(Fixtures.nextNumber()), Fixtures.nextAddress());

        given.cluster(number, run, openedAt, openedAt);

        await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());
        assertThat(firstExpiry(name).reason()).isEqualTo(ExpiryReason.ORPHAN);
        assertThat(expiries(name).get(0).correlationId()).isEqualTo(run);
    }

    @Test
    void twoReplicasAtOnceReachTheSameDecisionsAndPublishTheSameEventIds() throws Exception {
        int graceNumber = Fixtures.nextNumber();
        int orphanNumber = Fixtures.nextNumber();
        String graceName = Fixtures.name(graceNumber);
        String orphanName = Fixtures.name(orphanNumber);
        String run = UUID.randomUUID().toString();
        Instant openedAt = Fixtures.now().minusSeconds(60);
        String address = Fixtures.nextAddress();
        given.allocate(graceName, address);
        given.allocatorRecord(graceName, graceNumber, run, openedAt, address);
        given.cluster(graceNumber, run, openedAt, openedAt);
        List<String> secondReplicaPublished = new CopyOnWriteArrayList<>();
        ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor();
        try (SecondReplica second = new SecondReplica(envelope -> {
            log.send(envelope);
            secondReplicaPublished.add(envelope.subject());
        }, false)) {
            loop.scheduleWithFixedDelay(() -> {
                try {
                    second.pass.run();
                } catch (RuntimeException e) {
                    // as in the service: a failed pass is followed by the next one
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            log.send(Fixtures.prClosed(graceNumber, Fixtures.now()));
            given.allocate(orphanName, Fixtures.nextAddress());

            // each replica published each decision: more records on the topic than the second replica sent
            await().atMost(EVENTUALLY).until(() -> List.of(graceName, orphanName).stream().allMatch(name -> {
                long bySecond = secondReplicaPublished.stream().filter(name::equals).count();
                return bySecond > 0 && expiries(name).size() > bySecond;
            }));
        } finally {
            loop.shutdownNow();
            loop.awaitTermination(10, TimeUnit.SECONDS);
        }

        assertThat(distinctExpiryIds(graceName)).as("both replicas, one decision").isEqualTo(1);
        assertThat(distinctExpiryIds(orphanName)).as("both replicas, one orphan decision").isEqualTo(1);
        assertThat(expiries(orphanName).stream().map(e -> ((ClusterExpired) e.data()).deadline()).distinct())
                .as("the first-seen time is shared through Vault, so the deadline is the same too").hasSize(1);
    }

    @Test
    void aRestartedReaperKeepsTheOrphanClockAndDryRunOnlyReports() {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        given.allocate(name, Fixtures.nextAddress());
        await().atMost(EVENTUALLY).until(() -> vault.read("kv", "ephemeral-clusters/reaper/orphan-suspects").orElse(Map.of())
                .keySet().stream().anyMatch(key -> key.startsWith("address|" + name + "|")));

        List<Expiry> reported = new CopyOnWriteArrayList<>();
        try (SecondReplica restarted = new SecondReplica(envelope -> {
            throw new AssertionError("dry-run published " + envelope);
        }, true, new PassListener() {
            @Override
            public void reported(Expiry expiry) {
                reported.add(expiry);
            }
        })) {
            // a process that never saw this orphan derives its deadline from the first-seen time in Vault
            Verdict seen = restarted.pass.preview().verdicts().stream().filter(v -> v.cluster().equals(name)).findFirst()
                    .orElseThrow();
            await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());
            assertThat(firstExpiry(name).deadline()).isEqualTo(seen.deadline());

            restarted.pass.run();
            assertThat(reported).anySatisfy(e -> assertThat(e.cluster().value()).isEqualTo(name));
        }
    }

    @Test
    void invalidRecordsAndForeignNamesGoToTheDeadLetterTopicAndTheConsumerCarriesOn() {
        double invalidBefore = deadLettered("invalid");
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        log.send(new ProducerRecord<>(LifecycleTopic.NAME, name, "not a cloud event".getBytes(StandardCharsets.UTF_8)));
        var wrongName = EventEnvelope.start(Fixtures.BRIDGE, new pw.fullstack.ephemeral.contracts.events.PrClosed(
                Fixtures.pr(number + 1), pw.fullstack.ephemeral.contracts.naming.ClusterName.of(name), false, Fixtures.now()));
        log.send(wrongName);
        Instant closedAt = Fixtures.now();
        log.send(Fixtures.prClosed(number, closedAt));

        await().atMost(EVENTUALLY).until(() -> log.deadLetterReasons(name).size() == 2);
        assertThat(log.deadLetterReasons(name)).anyMatch(r -> r.contains("is not the name of fullstack-pw/demo-apps#" + (number + 1)));
        // What the DeadLetteredRecords alert watches: both are invalid input (not an event; a name that is not the PR's).
        await().atMost(EVENTUALLY).until(() -> deadLettered("invalid") >= invalidBefore + 2);
        await().atMost(EVENTUALLY).until(() -> vault.read("kv", "ephemeral-clusters/reaper/prs/" + name)
                .map(h -> closedAt.toString().equals(h.get("closedAt"))).orElse(false));
    }

    /** A {@code vault kv delete} of the map: the old reaper read it as empty and expired every live cluster as an orphan. */
    @Test
    void whileTheAllocationMapIsDeletedNoClusterIsTakenForAnOrphanAndReadinessSaysWhy() throws Exception {
        int number = Fixtures.nextNumber();
        String name = Fixtures.name(number);
        String run = UUID.randomUUID().toString();
        given.allocate(Fixtures.name(Fixtures.nextNumber()), Fixtures.nextAddress());
        Map<String, Object> map = vault.read("kv", Fixtures.ALLOCATIONS).orElseThrow();
        softDeleteLatestVersion(Fixtures.ALLOCATIONS);
        assertThat(vault.read("kv", Fixtures.ALLOCATIONS)).isEmpty();
        try {
            given.cluster(number, run, Fixtures.now().minusSeconds(30), Fixtures.now().minusSeconds(30));

            await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(503)
                    .body(containsString("orphans-undecided")).body(containsString("allocation map is absent")));
            // Passes that began after the settle time had run out for the cluster decided nothing about it.
            Instant settled = Fixtures.now().plus(SETTLE);
            await().atMost(EVENTUALLY).until(() -> Fixtures.now().isAfter(settled));
            double passes = okPasses();
            await().atMost(EVENTUALLY).until(() -> okPasses() >= passes + 2);
            assertThat(expiries(name)).isEmpty();
            assertThat(expiry(name).get("evidence").toString()).contains("the allocation map is absent");
        } finally {
            vault.write("kv", Fixtures.ALLOCATIONS, map);
        }
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
        // With the map back, the same cluster is an orphan again once the settle time has passed.
        await().atMost(EVENTUALLY).until(() -> !expiries(name).isEmpty());
        assertThat(firstExpiry(name).reason()).isEqualTo(ExpiryReason.ORPHAN);
    }

    /** Waits until {@code count} passes finished after this call (so all but the first began after it), then for the log to catch up. */
    private void awaitPassesAndCaughtUpLog(int count) {
        double passes = okPasses();
        await().atMost(EVENTUALLY).until(() -> okPasses() >= passes + count);
        log.awaitCaughtUp(EVENTUALLY);
    }

    private double deadLettered(String reason) {
        return pw.fullstack.ephemeral.testkit.metrics.PrometheusText.sum(management().get("/q/metrics").then().extract().asString(),
                "lifecycle_dead_lettered_total", "reason=\"" + reason + "\"");
    }

    private double okPasses() {
        return pw.fullstack.ephemeral.testkit.metrics.PrometheusText.sum(management().get("/q/metrics").then().extract().asString(),
                "reaper_passes_total", "outcome=\"ok\"");
    }

    /** Vault's {@code DELETE /v1/<mount>/data/<path>}: the latest version is deleted, reads answer 404. */
    private void softDeleteLatestVersion(String path) throws Exception {
        var response = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(vault.url() + "/v1/kv/data/" + path))
                .header("X-Vault-Token", vault.token()).DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(204);
    }

    @Test
    void whileVaultIsSealedPassesFailAndReadinessSaysWhy() {
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200));
        vault.seal();
        try {
            await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(503)
                    .body(containsString("pass-error")).body(containsString("Vault")));
            management().get("/expiries").then().statusCode(503).body(containsString("Vault"));
        } finally {
            vault.unseal();
        }
        await().atMost(EVENTUALLY).untilAsserted(() -> management().get("/q/health/ready").then().statusCode(200)
                .body(containsString("last-successful-pass")));
        management().get("/q/metrics").then().body(containsString("reaper_passes_total{outcome=\"failed\"}"));
    }

    /** The row of {@code GET /expiries} about the cluster. */
    private Map<String, Object> expiry(String name) {
        Map<String, Object> row = management().get("/expiries").then().statusCode(200).extract().jsonPath()
                .getMap("expiries.find { it.cluster == '" + name + "' }");
        assertThat(row).as("a row for " + name).isNotNull();
        return row;
    }

    /** Another reaper process, wired by hand to the same tools cluster, Vault and broker. */
    private final class SecondReplica implements AutoCloseable {
        final KubernetesClient client;
        final ReaperPass pass;

        SecondReplica(pw.fullstack.ephemeral.reaper.pass.ExpiryPublisher publisher, boolean dryRun) {
            this(publisher, dryRun, PassListener.NONE);
        }

        SecondReplica(pw.fullstack.ephemeral.reaper.pass.ExpiryPublisher publisher, boolean dryRun, PassListener listener) {
            client = new KubernetesClientBuilder().withConfig(new ConfigBuilder().withMasterUrl(toolsUrl).withNamespace("default")
                    .withOauthToken("test").build()).build();
            VaultClient vaultClient = VaultClient.builder().baseUrl(vault.url())
                    .executor(new JDKVaultHttpClient(HttpClient.newHttpClient())).clientToken(vault.token()).build();
            ReaperConfig.Vault paths = config.vault();
            ReaperVault reaperVault = new ReaperVault(vaultClient, paths.mount(), paths.allocationsPath(),
                    paths.allocatorRecordsPath(), paths.statePath(), paths.requestTimeout());
            ExpiryPolicy policy = ExpiryPolicy.of(config.interval(), config.gracePeriod(), config.maxLifetime(),
                    config.orphanSettleTime(), config.keepUntilCap());
            pass = new ReaperPass(new ToolsClusterReader(client), reaperVault, publisher,
                    new ExpiryDecisions(policy, ClusterNaming.defaults()), config.source(), dryRun, config.resendAfter(),
                    Clock.systemUTC(), listener);
        }

        @Override
        public void close() {
            client.close();
        }
    }

    /** Every ClusterExpired record about the cluster, in arrival order (duplicates included). */
    private List<EventEnvelope<LifecycleEvent>> expiries(String cluster) {
        return log.events(cluster, ClusterExpired.class);
    }

    private ClusterExpired firstExpiry(String cluster) {
        return (ClusterExpired) expiries(cluster).get(0).data();
    }

    private long distinctExpiryIds(String cluster) {
        return expiries(cluster).stream().map(EventEnvelope::id).distinct().count();
    }

    private RequestSpecification management() {
        return given().port(managementUrl.getPort());
    }
}
