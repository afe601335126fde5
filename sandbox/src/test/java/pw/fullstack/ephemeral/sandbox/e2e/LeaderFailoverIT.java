package pw.fullstack.ephemeral.sandbox.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.sandbox.board.Stage;
import pw.fullstack.ephemeral.sandbox.infra.Sandbox;
import pw.fullstack.ephemeral.sandbox.infra.SandboxService;
import pw.fullstack.ephemeral.sandbox.process.ServiceProcess;
import pw.fullstack.ephemeral.sandbox.scenario.AddressLedger;
import pw.fullstack.ephemeral.testkit.github.Dispatch;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;

/**
 * Two replicas of every service (issue 20.3). A burst of PRs is opened, and in the middle of it the leaders of the
 * provisioner, the installer and the notifier (found from their Leases' holders) are killed with {@code kill -9}:
 * the followers take over, every saga finishes, every environment is torn down and its addresses freed, and
 * nothing was done twice — per effect:
 * <ul>
 *   <li>the PR comment: one per PR, created once (one POST);</li>
 *   <li>Cluster API objects: each cluster's Cluster created once (one successful CREATE);</li>
 *   <li>Phase 1: each chart installed once per cluster (one successful HelmChart CREATE each);</li>
 *   <li>ClusterReady and PhasesInstalled: one event id per run (a re-publish of the same id after a crash is the
 *       documented idempotent replay, consumers drop it; a second id would be a second decision);</li>
 *   <li>the dispatch to the app repository: at least once, documented at-least-once after a crash, every copy
 *       with the one PhasesInstalled id;</li>
 *   <li>addresses: never held by two clusters, all back in the pool.</li>
 * </ul>
 */
class LeaderFailoverIT {

    private static final List<SandboxService> ELECTING = List.of(SandboxService.PROVISIONER, SandboxService.INSTALLER,
            SandboxService.NOTIFIER);

    private static Sandbox sandbox;
    private static SagaDriver saga;
    private static final AddressLedger ledger = new AddressLedger();
    private static final EventLog events = new EventLog();

    @BeforeAll
    static void startTheSystemWithTwoReplicasOfEachService() {
        sandbox = TestSandboxes.start("failover", settings -> settings.withPool("192.168.1.140-192.168.1.159", 2)
                .withTimings(Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofMinutes(2))
                .withReaper(Duration.ofSeconds(2), Duration.ofSeconds(30)));
        sandbox.startReplicaOfEach(System.out);
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
    void theFollowersFinishEverySagaWhenTheLeadersAreKilledMidBurstAndNothingIsDoneTwice() {
        Map<SandboxService, ServiceProcess> leaders = new java.util.EnumMap<>(SandboxService.class);
        for (SandboxService service : ELECTING) {
            assertThat(sandbox.replicas(service)).as("two replicas of " + service.label()).hasSize(2);
            leaders.put(service, leader(service));
        }

        List<EventEnvelope<PrOpened>> runs = new ArrayList<>();
        String[] repositories = {"fullstack-pw/cks-backend", "fullstack-pw/demo-apps", "fullstack-pw/cks-frontend"};
        for (int i = 0; i < 8; i++) {
            runs.add(saga.open(repositories[i % 3], 300 + i));
        }
        // Mid-burst: clusters are being applied, none of the runs has its environment yet.
        Awaitility.await("a first Cluster applied").atMost(SagaDriver.STEP)
                .until(() -> runs.stream().anyMatch(run -> sandbox.cluster(run.subject()).isPresent()));
        leaders.values().forEach(ServiceProcess::kill);
        assertThat(runs).as("window: the burst was not over at the kill")
                .anySatisfy(run -> assertThat(events.of(run.subject(), PhasesInstalled.class)).isEmpty());

        for (SandboxService service : ELECTING) {
            ServiceProcess survivor = sandbox.replicas(service).stream().filter(r -> r != leaders.get(service)).findFirst()
                    .orElseThrow();
            Awaitility.await(survivor.name() + " takes the lease over").atMost(Duration.ofSeconds(30))
                    .until(() -> survivor.name().equals(holder(service)));
        }
        saga.awaitStages(runs, Stage.READY);
        for (EventEnvelope<PrOpened> run : runs) {
            String repository = run.data().pullRequest().repository().toString();
            int number = run.data().pullRequest().number();
            Awaitility.await("the comment of " + run.data().pullRequest() + " says ready").atMost(SagaDriver.STEP)
                    .until(() -> sandbox.githubApi().comments(repository, number).stream()
                            .anyMatch(c -> c.body().contains("Ephemeral environment ready")));
            assertThat(sandbox.githubApi().comments(repository, number)).as("one comment on " + run.data().pullRequest())
                    .hasSize(1);
            RequestJournal workload = sandbox.clusterApi().workloadCluster(run.subject()).orElseThrow().journal();
            assertThat(workload.all().stream().filter(e -> e.inGroup("helm.cattle.io") && e.verb() == RequestJournal.Verb.CREATE
                    && e.succeeded())).as("each chart installed once in " + run.subject())
                    .extracting(RequestJournal.Entry::name).containsExactlyInAnyOrder("cert-manager", "external-secrets");
        }

        runs.forEach(saga::close);
        saga.awaitStages(runs, Stage.RELEASED);
        sandbox.watch().awaitCaughtUp(Duration.ofSeconds(30));

        for (EventEnvelope<PrOpened> run : runs) {
            String cluster = run.subject();
            String repository = run.data().pullRequest().repository().toString();
            int number = run.data().pullRequest().number();
            assertThat(events.distinctIds(cluster, IpAllocated.class)).as("IpAllocated ids of " + cluster).isEqualTo(1);
            assertThat(events.distinctIds(cluster, ClusterReady.class)).as("ClusterReady ids of " + cluster).isEqualTo(1);
            assertThat(events.distinctIds(cluster, PhasesInstalled.class)).as("PhasesInstalled ids of " + cluster).isEqualTo(1);
            assertThat(sandbox.toolsJournal().all().stream().filter(e -> e.inGroup("cluster.x-k8s.io")
                    && "clusters".equals(e.resource()) && e.verb() == RequestJournal.Verb.CREATE && e.succeeded()
                    && cluster.equals(e.name()))).as("the Cluster of " + cluster + " created once").hasSize(1);
            assertThat(sandbox.githubApi().requests().stream().filter(r -> r.method().equals("POST")
                    && r.path().equals("/repos/" + repository + "/issues/" + number + "/comments")))
                    .as("the comment on " + run.data().pullRequest() + " created once").hasSize(1);
            Awaitility.await("the comment of " + run.data().pullRequest() + " says destroyed").atMost(SagaDriver.STEP)
                    .until(() -> sandbox.githubApi().comments(repository, number).stream()
                            .anyMatch(c -> c.body().contains("Ephemeral environment destroyed")));
            List<Dispatch> dispatches = sandbox.githubApi().dispatches(repository).stream()
                    .filter(d -> Integer.valueOf(number).equals(d.clientPayload().get("pr_number"))).toList();
            Set<Object> installedIds = events.of(cluster, PhasesInstalled.class).stream().map(EventEnvelope::id)
                    .collect(Collectors.toSet());
            assertThat(dispatches).as("dispatches for " + run.data().pullRequest()).isNotEmpty()
                    .allSatisfy(d -> assertThat(installedIds).contains(d.clientPayload().get("event_id")));
        }
        assertThat(ledger.conflicts()).as("addresses handed to two clusters at once").isEmpty();
        assertThat(ledger.held()).as("addresses never released").isEmpty();
        assertThat(sandbox.allocations().keySet()).as("Vault allocation map").allMatch(ip -> ip.startsWith("_"));
        assertThat(sandbox.clusters()).as("Cluster API clusters left on the tools cluster").isEmpty();
    }

    private ServiceProcess leader(SandboxService service) {
        Awaitility.await(service.label() + " has a leader").atMost(Duration.ofSeconds(30))
                .until(() -> holder(service) != null);
        String holder = holder(service);
        return sandbox.replicas(service).stream().filter(r -> r.name().equals(holder)).findFirst()
                .orElseThrow(() -> new AssertionError(service.label() + "'s lease is held by " + holder
                        + ", none of its replicas"));
    }

    private String holder(SandboxService service) {
        var lease = sandbox.toolsCluster().client().leases().inNamespace("default").withName(service.label() + "-leader").get();
        return lease == null ? null : lease.getSpec().getHolderIdentity();
    }
}
