package pw.fullstack.ephemeral.leadership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.testkit.kubernetes.MockKubernetesCluster;

/** Two replicas of one service against one (mock) API server, as two pods against the tools cluster. */
class LeaseElectionTest {

    private static final Duration LEASE = Duration.ofSeconds(4);
    private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
    private static final Duration RETRY = Duration.ofMillis(300);

    private MockKubernetesCluster tools;
    private final List<AutoCloseable> opened = new ArrayList<>();

    /** What one replica's loops would do: each acquired/lost, with when. */
    static final class Replica implements LeaseElection.Listener {
        final String name;
        final List<Instant> acquired = new CopyOnWriteArrayList<>();
        final List<Instant> lost = new CopyOnWriteArrayList<>();
        final AtomicInteger passesRun = new AtomicInteger();
        LeaseElection election;

        Replica(String name) {
            this.name = name;
        }

        @Override
        public void acquired() {
            acquired.add(Instant.now());
        }

        @Override
        public void lost() {
            lost.add(Instant.now());
        }

        /** A leader-only loop's pass: acts only while leading. */
        void pass() {
            if (election.leads()) {
                passesRun.incrementAndGet();
            }
        }
    }

    @BeforeEach
    void startApiServer() {
        tools = MockKubernetesCluster.builder().withoutCrds().start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        tools.close();
    }

    private Replica replica(String name, boolean releaseOnClose) {
        KubernetesClient service = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(tools.kubeconfig(name))).build();
        Candidate candidate = new Candidate("provisioner", "default", "provisioner-leader", name, LEASE, RENEW_DEADLINE, RETRY);
        KubernetesClient client = LeaseElection.electionClient(service, candidate);
        Replica replica = new Replica(name);
        replica.election = new LeaseElection(client, candidate, replica, releaseOnClose);
        opened.add(replica.election);
        opened.add(client);
        opened.add(service);
        replica.election.start();
        return replica;
    }

    private Lease lease() {
        return tools.client().leases().inNamespace("default").withName("provisioner-leader").get();
    }

    @Test
    void onlyOneOfTwoReplicasLeadsAndTheLeaseNamesIt() {
        Replica a = replica("provisioner-0", true);
        Replica b = replica("provisioner-1", true);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.election.leads() || b.election.leads());
        Replica leader = a.election.leads() ? a : b;
        Replica follower = leader == a ? b : a;
        // The follower has seen the holder: it took part in the election and stands by.
        await().atMost(Duration.ofSeconds(10)).until(() -> follower.election.holder().isPresent());

        for (int i = 0; i < 10; i++) {
            a.pass();
            b.pass();
        }
        assertThat(leader.passesRun).hasValue(10);
        assertThat(follower.passesRun).hasValue(0);
        assertThat(follower.acquired).isEmpty();
        assertThat(follower.election.holder()).contains(leader.name);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader.name);
        assertThat(lease().getSpec().getLeaseDurationSeconds()).isEqualTo((int) LEASE.toSeconds());
    }

    @Test
    void whenTheLeaderStopsRenewingTheFollowerTakesOverWithinTheLeaseDuration() {
        Replica a = replica("provisioner-0", false);
        await().atMost(Duration.ofSeconds(10)).until(a.election::leads);
        Replica b = replica("provisioner-1", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.election.holder().isPresent());
        assertThat(b.election.leads()).isFalse();

        // As kill -9: the leader stops renewing and gives nothing back.
        a.election.close();
        Instant lastRenewal = lease().getSpec().getRenewTime().toInstant();

        await().atMost(Duration.ofSeconds(15)).until(() -> !b.acquired.isEmpty());
        Instant takeover = b.acquired.get(0);
        assertThat(b.election.leads()).isTrue();
        // Not before the lease expired (nobody leads twice), and within one lease duration of the kill,
        // give or take the follower's retry period (jittered up to 2.2 times).
        assertThat(takeover).isAfterOrEqualTo(lastRenewal.plus(LEASE).minusMillis(100));
        assertThat(Duration.between(lastRenewal, takeover)).isLessThanOrEqualTo(LEASE.plus(RETRY.multipliedBy(3)));
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("provisioner-1");
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
    }

    @Test
    void aGracefulShutdownHandsTheLeaseOverAtOnce() {
        Replica a = replica("provisioner-0", true);
        await().atMost(Duration.ofSeconds(10)).until(a.election::leads);
        Replica b = replica("provisioner-1", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.election.holder().isPresent());

        Instant closed = Instant.now();
        a.election.close();

        assertThat(a.lost).hasSize(1);
        await().atMost(LEASE).until(() -> !b.acquired.isEmpty());
        assertThat(Duration.between(closed, b.acquired.get(0))).isLessThan(LEASE.dividedBy(2));
    }

    @Test
    void aLeaderThatCannotRenewStopsActingBeforeAnotherMayTakeOverAndStandsAgain() {
        Replica a = replica("provisioner-0", true);
        await().atMost(Duration.ofSeconds(10)).until(a.election::leads);
        Replica b = replica("provisioner-1", true);
        await().atMost(Duration.ofSeconds(10)).until(() -> b.election.holder().isPresent());
        Instant lastRenewal = lease().getSpec().getRenewTime().toInstant();

        // The API server answers nothing for longer than the lease: renewals fail until the renew deadline.
        tools.failRequestsFor(LEASE.plusSeconds(1), 503);

        await().atMost(LEASE).until(() -> !a.lost.isEmpty());
        assertThat(a.election.leads()).isFalse();
        assertThat(a.lost).hasSize(1);
        assertThat(a.lost.get(0)).isBefore(lastRenewal.plus(LEASE));
        a.pass();
        assertThat(a.passesRun).hasValue(0);

        // Once it answers again, one of them leads again (the old leader stood again as a candidate).
        await().atMost(Duration.ofSeconds(20)).until(() -> a.election.leads() || b.election.leads());
        assertThat(a.election.leads() && b.election.leads()).isFalse();
    }

    @Test
    void aLeaderWhoseApiServerHangsStopsActingBeforeAnotherMayTakeOver() {
        Replica a = replica("provisioner-0", true);
        await().atMost(Duration.ofSeconds(10)).until(a.election::leads);
        Instant lastRenewal = lease().getSpec().getRenewTime().toInstant();

        // Every answer comes far too late (an overloaded API server): no renewal gets through.
        tools.delayRequestsFor(LEASE, Duration.ofSeconds(3));

        await().atMost(LEASE).until(() -> !a.lost.isEmpty());
        assertThat(a.lost.get(0)).isBefore(lastRenewal.plus(LEASE));
    }

    @Test
    void aSupersededElectionsLateStopLeadingCallbackDoesNotTakeTheCurrentLeadershipAway() {
        Replica a = replica("provisioner-0", true);
        await().atMost(Duration.ofSeconds(10)).until(a.election::leads);

        // What fabric8 does when an election cancelled by the watchdog finally ends, after this replica stood
        // again and leads (seen in the sandbox under CPU starvation): the old election's onStopLeading.
        a.election.callbacksOf(a.election.standing() - 1).onStopLeading();

        assertThat(a.election.leads()).isTrue();
        assertThat(a.lost).isEmpty();
        a.election.callbacksOf(a.election.standing()).onStopLeading();
        assertThat(a.election.leads()).isFalse();
    }

    @Test
    void aReplicaThatSteppedDownWhileHungLeadsAgainAndKeepsLeadingDespiteItsSupersededElectionsLateCallbacks() {
        Replica a = replica("provisioner-0", true);
        await().atMost(Duration.ofSeconds(10)).until(a.election::leads);

        // Renewals hang past the renew deadline: the watchdog steps it down and it stands again; the hung
        // election ends (and calls back) only once its calls return, when the new one may already lead.
        tools.delayRequestsFor(LEASE, Duration.ofSeconds(3));
        await().atMost(LEASE).until(() -> !a.lost.isEmpty());

        await().atMost(Duration.ofSeconds(20)).until(a.election::leads);
        // Well past every late answer of the superseded election: still leading, told "lost" once per "acquired".
        await().during(LEASE.plus(RENEW_DEADLINE)).atMost(LEASE.plus(RENEW_DEADLINE).plusSeconds(5))
                .until(a.election::leads);
        assertThat(a.acquired).hasSize(a.lost.size() + 1);
        a.pass();
        assertThat(a.passesRun).hasValue(1);
    }

    @Test
    void theApiServerRefusesALeaseMergePatchWithAStaleResourceVersionAsTheElectorSendsIt() {
        // fabric8's LeaseLock.update: a JSON merge patch carrying the resourceVersion it read.
        KubernetesClient client = tools.client();
        Lease created = client.leases().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                .withNewMetadata().withName("race-patch").endMetadata()
                .withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(4).endSpec().build()).create();
        var mergePatch = io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE);
        client.resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder(created).editSpec().withHolderIdentity("b")
                .endSpec().build()).patch(mergePatch);

        assertThatThrownBy(() -> client.resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder(created)
                .editSpec().withHolderIdentity("c").endSpec().build()).patch(mergePatch))
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.leases().inNamespace("default").withName("race-patch").get().getSpec().getHolderIdentity()).isEqualTo("b");
    }

    @Test
    void theApiServerRefusesALeaseUpdateWithAStaleResourceVersion() {
        // What keeps two candidates from both taking an expired lease: the second update is a conflict.
        KubernetesClient client = tools.client();
        Lease created = client.leases().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder()
                .withNewMetadata().withName("race").endMetadata()
                .withNewSpec().withHolderIdentity("a").withLeaseDurationSeconds(4).endSpec().build()).create();
        Lease first = new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder(created).editSpec().withHolderIdentity("b").endSpec().build();
        Lease second = new io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder(created).editSpec().withHolderIdentity("c").endSpec().build();
        client.leases().inNamespace("default").resource(first).update();

        assertThatThrownBy(() -> client.leases().inNamespace("default").resource(second).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
        assertThat(client.leases().inNamespace("default").withName("race").get().getSpec().getHolderIdentity()).isEqualTo("b");
    }
}
