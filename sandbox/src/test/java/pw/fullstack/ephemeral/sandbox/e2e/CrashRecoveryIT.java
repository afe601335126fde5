package pw.fullstack.ephemeral.sandbox.e2e;

import pw.fullstack.ephemeral.sandbox.scenario.AddressLedger;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import org.awaitility.Awaitility;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;
import pw.fullstack.ephemeral.testkit.workload.WorkloadBehaviour;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.process.ServiceProcess;
import pw.fullstack.ephemeral.testkit.vault.VaultEmulator;

/**
 * {@code kill -9} of the allocator, the provisioner, the installer (mid-Phase 1) and the reaper at each step of running sagas:
 * every saga still ends in ClusterReady or with its addresses released, no address is held by two
 * clusters, none is leaked, and an expiry due while the reaper was dead still happens, at its deadline.
 */
class CrashRecoveryIT {

    private static Sandbox sandbox;
    private static SagaDriver saga;
    private static final AddressLedger ledger = new AddressLedger();
    private static final EventLog events = new EventLog();
    /** Long enough for a killed reaper to be up again before an expiry it must publish (step 6). */
    private static final Duration GRACE = Duration.ofSeconds(15);
    private static final Duration BOOT = Duration.ofSeconds(8);

    @BeforeAll
    static void startTheSystem() {
        sandbox = TestSandboxes.start("crash", settings -> settings.withPool("192.168.1.140-192.168.1.147", 2)
                .withTimings(BOOT, Duration.ofSeconds(3), Duration.ofMinutes(2))
                .withReaper(GRACE, Duration.ofSeconds(30)));
        sandbox.watch().onEvent(ledger::accept);
        sandbox.watch().onEvent(events::accept);
        saga = new SagaDriver(sandbox);
    }

    @AfterAll
    static void stopTheSystem() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    @Test
    void everySagaEndsCleanlyWhenServicesAreKilledAtEachStep() {
        // Each kill is tied to an observed state, and the test fails if that state was already over at
        // the kill (a missed window), instead of passing without having tested anything.

        // 1. the allocator is dead when the PrOpened arrive: they wait unhandled, then the restart handles them
        ServiceProcess allocator = sandbox.service(SandboxService.ALLOCATOR);
        allocator.kill();
        EventEnvelope<PrOpened> a = saga.open("fullstack-pw/cks-backend", 1);
        EventEnvelope<PrOpened> b = saga.open("fullstack-pw/demo-apps", 2);
        EventEnvelope<PrOpened> c = saga.open("fullstack-pw/cks-frontend", 3);
        assertThat(List.of(a, b, c)).as("window: no PrOpened handled while the allocator was dead")
                .allSatisfy(run -> assertThat(events.of(run.subject(), IpAllocated.class)).isEmpty());
        allocator.start().awaitReady(Duration.ofSeconds(90));
        saga.awaitStages(List.of(a, b, c), Stage.ALLOCATED);

        // 2. the provisioner dies while clusters boot: their objects applied, none ready yet
        Awaitility.await("Cluster objects of a, b and c applied").atMost(Duration.ofSeconds(60))
                .until(() -> List.of(a, b, c).stream().allMatch(run -> sandbox.cluster(run.subject()).isPresent()));
        sandbox.service(SandboxService.PROVISIONER).kill();
        sandbox.watch().awaitCaughtUp(Duration.ofSeconds(30)); // nothing can follow from the dead service
        assertThat(List.of(a, b, c)).as("window: no cluster reported ready before the provisioner was killed")
                .allSatisfy(run -> assertThat(events.of(run.subject(), ClusterReady.class)).isEmpty());
        sandbox.service(SandboxService.PROVISIONER).start().awaitReady(Duration.ofSeconds(90));
        saga.awaitStages(List.of(a, b, c), Stage.READY);

        // 3. the allocator dies while a cluster is being torn down, before its release
        sandbox.clusterApi().deleteDelay(a.subject(), Duration.ofSeconds(8));
        saga.close(a);
        saga.awaitStage(a, Stage.EXPIRED);
        allocator.kill();
        sandbox.watch().awaitCaughtUp(Duration.ofSeconds(30)); // nothing can follow from the dead service
        assertThat(events.of(a.subject(), IpReleased.class)).as("window: the addresses of a not released yet at the kill")
                .isEmpty();
        allocator.start().awaitReady(Duration.ofSeconds(90));
        saga.awaitStage(a, Stage.RELEASED);

        // 4. the provisioner dies in the middle of a slow teardown
        sandbox.clusterApi().deleteDelay(b.subject(), Duration.ofSeconds(8));
        saga.close(b);
        saga.awaitStage(b, Stage.EXPIRED);
        Awaitility.await("the deletion of b's Cluster requested").atMost(Duration.ofSeconds(60))
                .until(() -> sandbox.clusterApi().deletionRequestedAt(b.subject()).isPresent());
        sandbox.service(SandboxService.PROVISIONER).kill();
        sandbox.watch().awaitCaughtUp(Duration.ofSeconds(30)); // nothing can follow from the dead service
        assertThat(events.of(b.subject(), ClusterDestroyed.class)).as("window: b's teardown still under way at the kill")
                .isEmpty();
        sandbox.service(SandboxService.PROVISIONER).start().awaitReady(Duration.ofSeconds(90));
        saga.awaitStage(b, Stage.RELEASED);

        // 5. a new PR gets a freed block while the rest run on; the installer dies in the middle of its Phase 1
        sandbox.workloads().behaviour("pr-cksbackend-4", WorkloadBehaviour.installsAfter(Duration.ofSeconds(6)));
        EventEnvelope<PrOpened> d = saga.open("fullstack-pw/cks-backend", 4);
        saga.awaitStage(d, Stage.INSTALLING);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> sandbox.workloads().cluster(d.subject())
                .map(k3s -> k3s.cluster().journal().all().stream().anyMatch(e -> e.inGroup("helm.cattle.io")
                        && e.verb() == RequestJournal.Verb.CREATE)).orElse(false));
        sandbox.crashAndRestart(SandboxService.INSTALLER);
        saga.awaitStage(d, Stage.READY);
        RequestJournal workload = sandbox.clusterApi().workloadCluster(d.subject()).orElseThrow().journal();
        assertThat(workload.all().stream().filter(e -> e.inGroup("helm.cattle.io") && e.verb() == RequestJournal.Verb.CREATE
                && e.succeeded())).as("each chart installed once, despite the kill in Phase 1")
                .extracting(RequestJournal.Entry::name).containsExactlyInAnyOrder("cert-manager", "external-secrets");
        assertThat(events.distinctIds(d.subject(), PhasesInstalled.class)).isEqualTo(1);

        // 6. the reaper dies between a close and its expiry: the restarted reaper expires it at the deadline
        String cCluster = c.subject();
        EventEnvelope<PrClosed> closed = saga.close(c);
        Instant deadline = closed.data().closedAt().plus(GRACE);
        saga.awaitBoard("the reaper recorded the close of " + cCluster, board -> sandbox.vault()
                .read(VaultEmulator.DEFAULT_MOUNT, "ephemeral-clusters/reaper/prs/" + cCluster)
                .map(history -> history.get("closedAt") != null).orElse(false));
        sandbox.crashAndRestart(SandboxService.REAPER);
        Instant readyAgain = Instant.now();
        assertThat(readyAgain).as("window: the restarted reaper must be up before the deadline it has to meet")
                .isBefore(deadline);
        saga.awaitStage(c, Stage.RELEASED);
        List<EventEnvelope<LifecycleEvent>> expiries = events.of(cCluster, ClusterExpired.class);
        assertThat(expiries).extracting(EventEnvelope::id).as("one decision").containsOnly(expiries.get(0).id());
        ClusterExpired expired = (ClusterExpired) expiries.get(0).data();
        assertThat(expired.reason()).isEqualTo(ExpiryReason.GRACE_PERIOD_ELAPSED);
        assertThat(expired.deadline()).isEqualTo(deadline);
        Instant publishedAt = expiries.get(0).time().toInstant();
        assertThat(publishedAt).as("not before the deadline").isAfterOrEqualTo(deadline);
        assertThat(publishedAt).as("at the deadline: the restarted reaper was up before it").isBefore(deadline.plusSeconds(10));

        saga.close(d);
        saga.awaitStages(List.of(a, b, c, d), Stage.RELEASED);

        assertThat(ledger.conflicts()).as("addresses handed to two clusters at once").isEmpty();
        assertThat(ledger.held()).as("addresses never released").isEmpty();
        assertThat(sandbox.allocations().keySet()).as("Vault allocation map").allMatch(ip -> ip.startsWith("_"));
        assertThat(sandbox.clusters()).as("Cluster API clusters left on the tools cluster").isEmpty();
        int readies = sandbox.watch().read(board -> board.count(EventType.CLUSTER_READY));
        assertThat(readies)
                .as("ClusterReady exactly once per saga, despite the restarts").isEqualTo(4);
    }
}
