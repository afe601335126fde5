package pw.fullstack.ephemeral.sandbox.e2e;

import pw.fullstack.ephemeral.sandbox.scenario.AddressLedger;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.testkit.github.GitHubDouble;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import org.awaitility.Awaitility;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.InstalledComponent;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.testkit.workload.ToolsClusterPlatform;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.sandbox.board.PrBoard;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.sandbox.process.ServiceProcess;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * The saga across real processes: allocator, provisioner, installer and reaper as their own JVMs, a real
 * broker, the Vault emulator, the mock tools cluster with the simulated Cluster API whose clusters run a
 * simulated K3s publishing into a fake DNS zone. READY is PhasesInstalled. The pool holds
 * two clusters; the reaper's grace period is {@value #GRACE_SECONDS} s. Every test leaves every PR it
 * opened closed and released.
 */
class SagaIT {

    private static final int GRACE_SECONDS = 3;
    private static final Duration SETTLE = Duration.ofSeconds(20);
    private static final EventLog events = new EventLog();
    private static Sandbox sandbox;
    private static SagaDriver saga;
    private static final AddressLedger ledger = new AddressLedger();
    private final List<EventEnvelope<PrOpened>> opened = new ArrayList<>();

    @BeforeAll
    static void startTheSystem() {
        sandbox = TestSandboxes.start("saga", settings -> settings.withPool("192.168.1.140-192.168.1.143", 2)
                .withTimings(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMinutes(2))
                .withReaper(Duration.ofSeconds(GRACE_SECONDS), SETTLE));
        sandbox.watch().onEvent(events::accept);
        saga = new SagaDriver(sandbox);
        sandbox.watch().onEvent(ledger::accept);
    }

    @AfterAll
    static void stopTheSystem() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @AfterEach
    void closeEverythingThisTestOpened() {
        opened.forEach(run -> {
            if (saga.row(run).map(r -> !r.stage().finished() && !r.closed()).orElse(false)) {
                saga.close(run);
            }
        });
        saga.awaitStages(opened, Stage.RELEASED);
    }

    private EventEnvelope<PrOpened> open(String repository, int number) {
        EventEnvelope<PrOpened> run = saga.open(repository, number);
        opened.add(run);
        return run;
    }

    @Test
    void thePrShowsOneCommentThatFollowsItsSagaAndADeploymentThatEndsInactive() {
        PullRequestRef pr = PullRequestRef.of("fullstack-pw/cks-frontend", 5);
        EventEnvelope<PrOpened> run = open(pr.repository().toString(), pr.number());
        saga.awaitStage(run, Stage.READY);

        // READY on the board is PhasesInstalled: the comment follows the installer, not just the provisioner.
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.commentFile(pr)
                .map(TestFiles::read).filter(md -> md.contains("Ephemeral environment ready")).isPresent());
        saga.close(run);
        saga.awaitStage(run, Stage.RELEASED);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.commentFile(pr)
                .map(TestFiles::read).filter(md -> md.contains("Ephemeral environment destroyed")).isPresent());

        GitHubDouble github = sandbox.githubApi();
        assertThat(github.comments(pr.repository().toString(), pr.number())).singleElement()
                .satisfies(c -> assertThat(c.login()).isEqualTo(github.botLogin()));
        assertThat(TestFiles.read(sandbox.commentFile(pr).orElseThrow())).doesNotContain("<!--")
                .contains("| Cluster ready |").contains("| Phases installed |").contains("| PR closed |").contains("Expired (grace period after close elapsed)");
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> github.deployments(pr.repository().toString()).stream()
                .anyMatch(d -> d.environment().equals("pr-5") && "inactive".equals(d.latestState())));
        assertThat(github.deployments(pr.repository().toString())).filteredOn(d -> d.environment().equals("pr-5")).hasSize(1);
        String keyLine = sandbox.vault().read(VaultEmulator.DEFAULT_MOUNT, Sandbox.NOTIFIER_SECRETS_PATH).orElseThrow()
                .get("notifier.github.app.private-key").toString().lines().skip(1).findFirst().orElseThrow();
        assertThat(github.requests()).allSatisfy(r -> assertThat(r.body()).doesNotContain(keyLine).doesNotContain("PRIVATE KEY"));
    }

    @Test
    void aPrGetsAReadyClusterWithItsKubeconfigInVault() {
        EventEnvelope<PrOpened> run = open("fullstack-pw/cks-backend", 42);

        saga.awaitStage(run, Stage.READY);

        assertThat(saga.row(run).orElseThrow().addresses()).hasSize(2);
        assertThat(sandbox.allocations()).containsValue("pr-cksbackend-42");
        Map<String, Object> kubeconfig = sandbox.vault()
                .read(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/pr-cksbackend-42/kubeconfig").orElseThrow();
        assertThat((String) kubeconfig.get("value")).contains("clusters:", "server:");
    }

    @Test
    void aPrsEnvironmentIsInstalledAndItsDnsRecordLeavesBeforeItsAddressesGoBack() {
        EventEnvelope<PrOpened> run = open("fullstack-pw/cks-backend", 43);

        saga.awaitStage(run, Stage.READY);
        String name = run.subject();
        String dnsName = "pr-43-cksbackend.ephemeral.fullstack.pw";
        assertThat(saga.row(run).orElseThrow().detail()).startsWith("https://" + dnsName);
        PhasesInstalled installed = (PhasesInstalled) events.of(name, PhasesInstalled.class).get(0).data();
        // The isolated defaults: the name and the certificate are made on the tools cluster, no external-dns in the PR's.
        assertThat(installed.installed()).extracting(InstalledComponent::name)
                .contains("cert-manager", "external-secrets", "dnsendpoint", "certificate")
                .noneMatch(component -> component.startsWith("external-dns"));
        String vip = saga.row(run).orElseThrow().addresses().get(0).toString();
        assertThat(sandbox.workloads().zone().lookup(dnsName)).hasValueSatisfying(r -> {
            assertThat(r.addresses()).containsExactly(vip);
            assertThat(r.owner()).isEqualTo(ToolsClusterPlatform.TXT_OWNER_ID);
        });
        assertThat(sandbox.workloads().cluster(name).orElseThrow().cluster().client().secrets().inNamespace("default")
                .withName("environment-tls").get().getType()).as("the tools-side certificate, copied").isEqualTo("kubernetes.io/tls");

        saga.close(run);
        saga.awaitStage(run, Stage.RELEASED);

        DnsReleased released = (DnsReleased) events.of(name, DnsReleased.class).get(0).data();
        assertThat(released.outcome()).isEqualTo(DnsReleaseOutcome.REMOVED);
        assertThat(events.of(name, DnsReleased.class).get(0).time())
                .as("the record left before the cluster was destroyed")
                .isBefore(events.of(name, ClusterDestroyed.class).get(0).time());
        assertThat(sandbox.workloads().zone().lookup(dnsName)).as("no record outlives its cluster").isEmpty();
    }

    @Test
    void anInstallFailureTearsTheClusterDownAndReleasesItsAddresses() {
        sandbox.workloads().behaviour("pr-cksfrontend-44", WorkloadBehaviour.installsAfter(Duration.ofMillis(300))
                .withChart("cert-manager", WorkloadBehaviour.ChartOutcome.FAIL));
        EventEnvelope<PrOpened> run = open("fullstack-pw/cks-frontend", 44);

        saga.awaitStage(run, Stage.RELEASED);

        InstallFailed failed = (InstallFailed) events.of(run.subject(), InstallFailed.class).get(0).data();
        assertThat(failed.step()).isEqualTo("helm-install");
        assertThat(failed.reason()).contains("cert-manager");
        assertThat(((ClusterDestroyed) events.of(run.subject(), ClusterDestroyed.class).get(0).data()).reason())
                .isEqualTo(pw.fullstack.ephemeral.contracts.events.DestroyReason.INSTALL_FAILED);
        assertThat(events.of(run.subject(), IpReleased.class)).isNotEmpty();
        assertThat(events.of(run.subject(), PhasesInstalled.class)).isEmpty();
        assertThat(sandbox.clusters()).noneMatch(c -> c.getMetadata().getName().equals(run.subject()));
    }

    @Test
    void extraPrsQueueAndGetAddressesAsClustersAreDestroyed() {
        EventEnvelope<PrOpened> first = open("fullstack-pw/demo-apps", 1);
        EventEnvelope<PrOpened> second = open("fullstack-pw/demo-apps", 2);
        saga.awaitStages(List.of(first, second), Stage.READY);
        // Different clusters may sit on different partitions: queue them one after the other.
        EventEnvelope<PrOpened> third = open("fullstack-pw/demo-apps", 3);
        saga.awaitStage(third, Stage.QUEUED);
        EventEnvelope<PrOpened> fourth = open("fullstack-pw/demo-apps", 4);
        saga.awaitStage(fourth, Stage.QUEUED);
        assertThat(saga.row(third).orElseThrow().queuePosition()).isLessThan(saga.row(fourth).orElseThrow().queuePosition());

        saga.close(first);

        saga.awaitStage(third, Stage.READY);
        assertThat(saga.row(fourth).orElseThrow().stage()).isEqualTo(Stage.QUEUED);
        assertThat(saga.row(third).orElseThrow().addresses()).isEqualTo(saga.row(first).orElseThrow().addresses());

        saga.close(second);
        saga.awaitStage(fourth, Stage.READY);
    }

    @Test
    void aPrReopenedDuringItsGracePeriodKeepsItsClusterAndALateExpiryOfTheOldRunChangesNothing() {
        EventEnvelope<PrOpened> first = open("fullstack-pw/demo-apps", 101);
        saga.awaitStage(first, Stage.READY);
        var addresses = saga.row(first).orElseThrow().addresses();
        var oldRow = saga.row(first).orElseThrow();
        String uid = clusterUid(first);

        SagaDriver.Reopen reopen = saga.closeAndReopenAtOnce(first);
        EventEnvelope<PrOpened> reopened = reopen.reopened();
        opened.remove(first);
        opened.add(reopened);
        saga.awaitStage(reopened, Stage.READY);
        Instant graceOver = reopen.closed().data().closedAt().plusSeconds(GRACE_SECONDS);
        Awaitility.await("the close's grace period is over").atMost(SagaDriver.STEP).until(() -> Instant.now().isAfter(graceOver));
        // Two reaper passes finished since (so one began after the grace period ran out), and the watch caught up.
        ServiceProcess reaper = sandbox.service(SandboxService.REAPER);
        double passes = reaper.counter("reaper_passes_total", "outcome=\"ok\"");
        Awaitility.await("two reaper passes").atMost(SagaDriver.STEP)
                .until(() -> reaper.counter("reaper_passes_total", "outcome=\"ok\"") >= passes + 2);
        sandbox.watch().awaitCaughtUp(Duration.ofSeconds(60));
        assertThat(events.of(first.subject(), ClusterExpired.class)).as("the reaper expired nothing: the PR is open again")
                .isEmpty();
        saga.lateExpiryOf(oldRow);

        ConsumerGroups groups = new ConsumerGroups(sandbox.kafkaBootstrapServers());
        groups.awaitCaughtUp(SandboxService.PROVISIONER.consumerGroup(), LifecycleTopic.NAME, Duration.ofSeconds(60));
        groups.awaitCaughtUp(SandboxService.ALLOCATOR.consumerGroup(), LifecycleTopic.NAME, Duration.ofSeconds(60));
        groups.close();
        assertThat(saga.row(reopened).orElseThrow().stage()).isEqualTo(Stage.READY);
        assertThat(saga.row(reopened).orElseThrow().addresses()).isEqualTo(addresses);
        assertThat(clusterUid(reopened)).as("the same cluster, adopted by the new run").isEqualTo(uid);
        assertThat(events.of(first.subject(), ClusterDestroyed.class)).as("no ClusterDestroyed for the reopened PR's cluster")
                .isEmpty();
        addresses.forEach(ip -> assertThat(sandbox.allocations()).containsEntry(ip.toString(), first.subject()));

        EventEnvelope<PrClosed> closedAgain = saga.close(reopened);
        saga.awaitStage(reopened, Stage.RELEASED);
        EventEnvelope<LifecycleEvent> expiry = events.of(first.subject(), ClusterExpired.class).stream()
                .filter(e -> e.source().toString().equals("/ephemeral-clusters/reaper")).findFirst().orElseThrow();
        assertThat(expiry.correlationId()).as("the reaper's expiry names the run that owns the cluster now")
                .isEqualTo(reopened.correlationId());
        assertThat(((ClusterExpired) expiry.data()).deadline())
                .isEqualTo(closedAgain.data().closedAt().plusSeconds(GRACE_SECONDS));
    }

    @Test
    void aPrReopenedWhileItsClusterIsBeingDestroyedGetsAFreshOneWithItsAddressesOnceTheOldOneIsGone() {
        EventEnvelope<PrOpened> first = open("fullstack-pw/demo-apps", 102);
        saga.awaitStage(first, Stage.READY);
        var addresses = saga.row(first).orElseThrow().addresses();
        String uid = clusterUid(first);
        sandbox.clusterApi().holdDeletion(first.subject());
        saga.close(first);
        Awaitility.await().atMost(SagaDriver.STEP)
                .until(() -> sandbox.clusterApi().deletionRequestedAt(first.subject()).isPresent());

        EventEnvelope<PrOpened> reopened = saga.reopen(first);
        opened.remove(first);
        opened.add(reopened);
        saga.awaitStage(reopened, Stage.ALLOCATED);
        sandbox.clusterApi().releaseDeletion(first.subject());

        saga.awaitStage(reopened, Stage.READY);
        assertThat(saga.row(reopened).orElseThrow().addresses()).isEqualTo(addresses);
        assertThat(clusterUid(reopened)).as("a fresh cluster").isNotEqualTo(uid);
        addresses.forEach(ip -> assertThat(sandbox.allocations()).containsEntry(ip.toString(), first.subject()));
        assertThat(ledger.conflicts()).isEmpty();
    }

    private String clusterUid(EventEnvelope<PrOpened> run) {
        return sandbox.clusters().stream().filter(c -> c.getMetadata().getName().equals(run.subject()))
                .map(c -> c.getMetadata().getUid()).findFirst().orElse("none");
    }

    @Test
    void aClosedPrsClusterIsExpiredByTheReaperOnlyOnceTheGracePeriodIsOver() {
        EventEnvelope<PrOpened> run = open("fullstack-pw/demo-apps", 11);
        saga.awaitStage(run, Stage.READY);

        EventEnvelope<PrClosed> closed = saga.close(run);

        saga.awaitStage(run, Stage.RELEASED);
        List<EventEnvelope<LifecycleEvent>> expiries = events.of(run.subject(), ClusterExpired.class);
        assertThat(expiries).extracting(EventEnvelope::id).containsOnly(expiries.get(0).id());
        ClusterExpired expired = (ClusterExpired) expiries.get(0).data();
        Instant deadline = closed.data().closedAt().plusSeconds(GRACE_SECONDS);
        assertThat(expired.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
        assertThat(expired.deadline()).isEqualTo(deadline);
        assertThat(expiries.get(0).correlationId()).as("the run that owns the cluster").isEqualTo(run.correlationId());
        assertThat(expiries.get(0).time().toInstant()).as("not before the grace period is over").isAfterOrEqualTo(deadline);
    }

    @Test
    void aClusterPastItsMaximumLifetimeIsExpiredWhileItsPrIsStillOpen() {
        EventEnvelope<PrOpened> run = open("fullstack-pw/cks-frontend", 13);
        saga.awaitStage(run, Stage.READY);

        // as if the cluster had been applied three days ago (the reaper's default maximum lifetime)
        Instant firstApplied = Instant.now().minus(Duration.ofDays(3)).plusSeconds(2);
        sandbox.annotateCluster(run.subject(), Map.of("ephemeral.fullstack.pw/provisioning-started-at", firstApplied.toString()));

        saga.awaitStage(run, Stage.RELEASED);
        ClusterExpired expired = (ClusterExpired) events.of(run.subject(), ClusterExpired.class).get(0).data();
        assertThat(expired.reason()).isEqualTo(ExpiryReason.MAX_LIFETIME_REACHED);
        assertThat(expired.deadline()).isEqualTo(firstApplied.plus(Duration.ofDays(3)));
        assertThat(saga.row(run).orElseThrow().closed()).as("the PR is still open").isFalse();
    }

    @Test
    void anAddressTheSeedsToolingAllocatedIsGivenBackThroughTheNormalPathAfterTheSettleTime() {
        // the seed's ip_pool_manager.sh wrote this entry: no run, no record, no cluster on the tools cluster
        String seedCluster = "pr-cksbackend-9";
        Map<String, Object> map = new HashMap<>(sandbox.allocations());
        map.remove("_empty");
        map.put("192.168.1.150", seedCluster);
        Instant seeded = Instant.now();
        sandbox.vault().write(VaultEmulator.DEFAULT_MOUNT, Sandbox.ALLOCATIONS_PATH, map);

        // The allocator writes Vault before it publishes IpReleased: wait for both, not just the first.
        saga.awaitBoard("the seed's entry for " + seedCluster + " is given back",
                board -> !sandbox.allocations().containsKey("192.168.1.150")
                        && !events.of(seedCluster, IpReleased.class).isEmpty());

        EventEnvelope<LifecycleEvent> expiry = events.of(seedCluster, ClusterExpired.class).get(0);
        assertThat(((ClusterExpired) expiry.data()).reason()).isEqualTo(ExpiryReason.ORPHAN);
        assertThat(expiry.time().toInstant()).as("only after the settle time").isAfterOrEqualTo(seeded.plus(SETTLE));
        assertThat(events.of(seedCluster, ClusterDestroyed.class)).as("through the provisioner").isNotEmpty();
        assertThat(events.of(seedCluster, IpReleased.class)).as("and the allocator").isNotEmpty();
    }

    @Test
    void twoReaperReplicasAtOnceExpireAClosedPrOnce() {
        ServiceProcess secondReaper = sandbox.startExtraReplica(SandboxService.REAPER);
        try {
            EventEnvelope<PrOpened> run = open("fullstack-pw/cks-frontend", 14);
            saga.awaitStage(run, Stage.READY);

            saga.close(run);

            saga.awaitStage(run, Stage.RELEASED);
            assertThat(events.distinctIds(run.subject(), ClusterExpired.class)).as("one decision, whichever replica sent it")
                    .isEqualTo(1);
            assertThat(events.distinctIds(run.subject(), ClusterDestroyed.class)).isEqualTo(1);
            assertThat(events.distinctIds(run.subject(), IpReleased.class)).isEqualTo(1);
            assertThat(events.distinctIds(run.subject(), ClusterReady.class)).isEqualTo(1);
        } finally {
            secondReaper.stop();
        }
    }

    @Test
    void aPoisonRecordGoesToEachServicesDeadLetterTopicAndTheSagaGoesOn() throws Exception {
        try (DeadLetters deadLetters = new DeadLetters(sandbox.kafkaBootstrapServers())) {
            sandbox.producer().send(new ProducerRecord<>(LifecycleTopic.NAME, "pr-poison-1",
                    "{not a cloud event".getBytes(StandardCharsets.UTF_8)));

            EventEnvelope<PrOpened> run = open("fullstack-pw/cks-frontend", 9);
            saga.awaitStage(run, Stage.READY);

            for (SandboxService service : SandboxService.consumers()) {
                DeadLetters.Letter letter = deadLetters.awaitOne(LifecycleTopic.deadLetterTopic(service.consumerGroup()),
                        "pr-poison-1");
                assertThat(letter.key()).isEqualTo("pr-poison-1");
                assertThat(letter.reason()).as(service + " reason").startsWith("not a CloudEvent");
            }
        }
    }

    @Test
    void replayingTheTopicFromTheStartOrFromTheMiddleActsOnNothing() throws Exception {
        EventEnvelope<PrOpened> endedEarly = open("fullstack-pw/cks-backend", 77);
        saga.awaitStage(endedEarly, Stage.READY);
        saga.close(endedEarly);
        saga.awaitStage(endedEarly, Stage.RELEASED);
        java.time.Instant middle = java.time.Instant.now();
        EventEnvelope<PrOpened> live = open("fullstack-pw/cks-backend", 78);
        saga.awaitStage(live, Stage.READY);
        EventEnvelope<PrOpened> endedLate = open("fullstack-pw/cks-backend", 79);
        saga.awaitStage(endedLate, Stage.READY);
        saga.close(endedLate);
        saga.awaitStage(endedLate, Stage.RELEASED);
        Set<String> ended = Set.of(endedEarly.subject(), endedLate.subject());

        RequestJournal liveWorkload = sandbox.clusterApi().workloadCluster(live.subject()).orElseThrow().journal();
        for (java.time.Instant from : java.util.Arrays.asList(null, middle)) {
            Snapshot before = Snapshot.of(sandbox);
            RequestJournal.Mark mark = sandbox.toolsJournal().mark();
            RequestJournal.Mark workloadMark = liveWorkload.mark();

            replayFrom(from);

            Snapshot after = Snapshot.of(sandbox);
            String replay = from == null ? "replay of the whole topic" : "replay from the middle";
            assertThat(after.allocationsVersion()).as(replay + ": allocation map version").isEqualTo(before.allocationsVersion());
            assertThat(after.allocations()).as(replay + ": no address changed owner").isEqualTo(before.allocations());
            assertThat(after.clusters()).as(replay).isEqualTo(before.clusters());
            assertThat(after.distinctEvents()).as(replay + ": new events").isEqualTo(before.distinctEvents());
            assertThat(sandbox.toolsJournal().since(mark, e -> e.isWrite() && e.group() != null
                    && e.group().endsWith("cluster.x-k8s.io"))).as(replay + ": Cluster API writes").isEmpty();
            assertThat(sandbox.toolsJournal().since(mark, e -> e.isWrite()
                    && (ended.contains(e.namespace()) || ended.contains(e.name())))).as(replay + ": writes for ended runs")
                    .isEmpty();
            assertThat(liveWorkload.since(workloadMark, RequestJournal.Entry::isWrite))
                    .as(replay + ": writes to the live cluster (nothing installed twice)").isEmpty();
        }
        assertThat(saga.row(endedEarly).orElseThrow().stage()).isEqualTo(Stage.RELEASED);
        assertThat(saga.row(live).orElseThrow().stage()).isEqualTo(Stage.READY);
        assertThat(ledger.conflicts()).isEmpty();
    }

    /** What an ops team does after an incident: stop the services, reset their groups, start them. */
    private void replayFrom(java.time.Instant from) throws Exception {
        // All at once, as an ops team scaling the deployments to zero and back would.
        SandboxService.consumers().forEach(service -> sandbox.service(service).requestStop());
        SandboxService.consumers().forEach(service -> sandbox.service(service).awaitStopped());
        try (ConsumerGroups groups = new ConsumerGroups(sandbox.kafkaBootstrapServers())) {
            for (SandboxService service : SandboxService.consumers()) {
                if (from == null) {
                    groups.resetToEarliest(service.consumerGroup(), LifecycleTopic.NAME);
                } else {
                    groups.resetToTime(service.consumerGroup(), LifecycleTopic.NAME, from);
                }
            }
            SandboxService.consumers().forEach(service -> sandbox.service(service).start());
            SandboxService.consumers().forEach(service -> sandbox.service(service).awaitReady(Duration.ofSeconds(120)));
            for (SandboxService service : SandboxService.consumers()) {
                groups.awaitCaughtUp(service.consumerGroup(), LifecycleTopic.NAME, Duration.ofSeconds(90));
            }
            sandbox.watch().awaitCaughtUp(Duration.ofSeconds(30));
        }
    }

    /** What replay must not change. */
    record Snapshot(int allocationsVersion, Map<String, Object> allocations, Set<String> clusters,
                    int distinctEvents) {

        static Snapshot of(Sandbox sandbox) {
            Set<String> clusters = new TreeSet<>();
            sandbox.clusters().forEach(c -> clusters.add(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()));
            return new Snapshot(sandbox.vault().currentVersion(VaultEmulator.DEFAULT_MOUNT, Sandbox.ALLOCATIONS_PATH),
                    new HashMap<>(sandbox.allocations()), clusters, sandbox.watch().read(PrBoard::distinctEvents));
        }
    }
}
