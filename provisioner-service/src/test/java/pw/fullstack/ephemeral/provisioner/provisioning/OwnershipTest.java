package pw.fullstack.ephemeral.provisioner.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.provisioning.Ownership.Namespace;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;

/** Who may act on a cluster, decided from run identity and what the tools cluster shows. */
class OwnershipTest {

    private static final ClusterNaming NAMING = ClusterNaming.defaults();
    private static final PullRequestRef PR = PullRequestRef.of("fullstack-pw/cks-backend", 42);
    private static final ClusterName NAME = NAMING.clusterName(PR);
    private static final Instant OPENED = Instant.parse("2026-11-28T10:00:00Z");

    private static IpAllocated allocated(Instant openedAt, String... ips) {
        return new IpAllocated(PR, NAME, List.of(ips).stream().map(Ipv4Address::parse).toList(), NAMING.dnsName(PR),
                BranchName.of("main"), null, openedAt);
    }

    private static ClusterState owned(String run, Instant openedAt, boolean teardown) {
        Map<String, String> a = new HashMap<>();
        a.put(ClusterLabels.CORRELATION_ID, run);
        a.put(ClusterLabels.OPENED_AT, openedAt.toString());
        a.put(ClusterLabels.ADDRESSES, "10.0.0.1,10.0.0.2");
        if (teardown) {
            a.put(ClusterLabels.TEARDOWN_REASON, "expired");
        }
        return new ClusterState(NAME.value(), a, true, teardown, List.of(), Optional.empty());
    }

    private static Ownership.OnAllocated decide(String run, IpAllocated event, Namespace namespace,
                                                Optional<ClusterState> state, boolean ended) {
        return Ownership.onIpAllocated(run, event, NAMING, namespace, state, ended);
    }

    @Test
    void aNewerRunMeetingANamespaceBeingDeletedWaitsForItToGo() {
        ClusterState ended = new ClusterState(NAME.value(), owned("r1", OPENED, true).annotations(), false, false, List.of(),
                Optional.empty(), true);

        assertThat(decide("r2", allocated(OPENED.plusSeconds(60), "10.0.0.1", "10.0.0.2"), Namespace.TERMINATING,
                Optional.of(ended), false)).isInstanceOf(Ownership.AwaitNamespaceGone.class);
        assertThat(decide("r0", allocated(OPENED.minusSeconds(60), "10.0.0.1", "10.0.0.2"), Namespace.TERMINATING,
                Optional.of(ended), false)).isInstanceOf(Ownership.Ignore.class);
        assertThat(decide("r2", allocated(OPENED.plusSeconds(60), "10.0.0.1", "10.0.0.2"), Namespace.TERMINATING,
                Optional.of(ended), true)).as("an ended run stays ended").isInstanceOf(Ownership.Ignore.class);
    }

    @Test
    void aFreshRunCreatesItsCluster() {
        assertThat(decide("r1", allocated(OPENED, "10.0.0.1", "10.0.0.2"), Namespace.ABSENT, Optional.empty(), false))
                .isInstanceOf(Ownership.Create.class);
    }

    @Test
    void anEndedRunCreatesNothingWhateverItsAge() {
        assertThat(decide("r1", allocated(OPENED, "10.0.0.1"), Namespace.ABSENT, Optional.empty(), true))
                .isEqualTo(new Ownership.Ignore("run r1 has ended on this cluster: a replay", "ended-run"));
    }

    @Test
    void aClusterNameThatIsNotThePrsIsRefused() {
        IpAllocated forged = new IpAllocated(PR, ClusterName.of("kube-system"), List.of(Ipv4Address.parse("10.0.0.1")),
                NAMING.dnsName(PR), BranchName.of("main"), null, OPENED);

        assertThat(decide("r1", forged, Namespace.FOREIGN, Optional.empty(), false))
                .isInstanceOf(Ownership.Refuse.class);
    }

    @Test
    void aNamespaceThisSystemDidNotCreateIsRefused() {
        assertThat(decide("r1", allocated(OPENED, "10.0.0.1"), Namespace.FOREIGN, Optional.empty(), false))
                .isInstanceOf(Ownership.Refuse.class);
    }

    @Test
    void aNewerRunAdoptsALiveClusterAndAnOlderOneIsIgnored() {
        ClusterState live = owned("r1", OPENED, false);

        assertThat(decide("r2", allocated(OPENED.plusSeconds(60), "10.0.0.1", "10.0.0.2"), Namespace.OURS,
                Optional.of(live), false)).isInstanceOf(Ownership.Adopt.class);
        assertThat(decide("r0", allocated(OPENED.minusSeconds(60), "10.0.0.1", "10.0.0.2"), Namespace.OURS,
                Optional.of(live), false)).isInstanceOf(Ownership.Ignore.class);
    }

    @Test
    void aNewerRunWaitsForATeardownInProgress() {
        assertThat(decide("r2", allocated(OPENED.plusSeconds(60), "10.0.0.1", "10.0.0.2"), Namespace.OURS,
                Optional.of(owned("r1", OPENED, true)), false)).isInstanceOf(Ownership.AwaitTeardown.class);
    }

    @Test
    void theOwnersOwnRedeliveryIsADuplicate() {
        assertThat(decide("r1", allocated(OPENED, "10.0.0.1", "10.0.0.2"), Namespace.OURS,
                Optional.of(owned("r1", OPENED, false)), false))
                .isEqualTo(new Ownership.Ignore("run r1 already applied", "duplicate"));
    }

    @Test
    void onlyTheOwningRunTearsDownAndAnExpiryWithNothingThereIsAnsweredAtOnce() {
        ClusterExpired expired = new ClusterExpired(PR, NAME, ExpiryReason.GRACE_PERIOD_ELAPSED, OPENED);
        InstallFailed failed = new InstallFailed(PR, NAME, "phase1", "timeout");

        assertThat(Ownership.onTeardownRequest("r1", expired, NAMING, Optional.of(owned("r1", OPENED, false)), false))
                .isInstanceOf(Ownership.TearDown.class);
        assertThat(Ownership.onTeardownRequest("r0", expired, NAMING, Optional.of(owned("r1", OPENED, false)), false))
                .isInstanceOf(Ownership.Ignore.class);
        assertThat(Ownership.onTeardownRequest("r1", expired, NAMING, Optional.empty(), false))
                .isInstanceOf(Ownership.AlreadyGone.class);
        assertThat(Ownership.onTeardownRequest("r1", expired, NAMING, Optional.empty(), true))
                .isInstanceOf(Ownership.Ignore.class);
        assertThat(Ownership.onTeardownRequest("r1", failed, NAMING, Optional.empty(), false))
                .isInstanceOf(Ownership.Ignore.class);
    }

    @Test
    void onlyTheOwningRunsDnsReleaseEndsTheWaitOfItsExpiry() {
        var released = new pw.fullstack.ephemeral.contracts.events.DnsReleased(PR, NAME, NAMING.dnsName(PR),
                pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome.REMOVED, "");
        ClusterState waiting = owned("r1", OPENED, true);
        Map<String, String> awaiting = new HashMap<>(waiting.annotations());
        awaiting.put(ClusterLabels.DNS_RELEASE_DEADLINE, OPENED.plusSeconds(120).toString());
        ClusterState awaitingRelease = new ClusterState(NAME.value(), awaiting, true, false, List.of(), Optional.empty());
        Map<String, String> done = new HashMap<>(awaiting);
        done.put(ClusterLabels.DNS_RELEASED, OPENED.plusSeconds(30).toString());
        ClusterState alreadyReleased = new ClusterState(NAME.value(), done, true, false, List.of(), Optional.empty());

        assertThat(Ownership.onDnsReleased("r1", released, NAMING, Optional.of(awaitingRelease)))
                .isInstanceOf(Ownership.RecordRelease.class);
        assertThat(Ownership.onDnsReleased("r0", released, NAMING, Optional.of(awaitingRelease)))
                .isEqualTo(new Ownership.IgnoreRelease("DnsReleased of run r0 ignored: the cluster belongs to run r1",
                        "other-saga"));
        assertThat(Ownership.onDnsReleased("r1", released, NAMING, Optional.of(alreadyReleased)))
                .isInstanceOf(Ownership.IgnoreRelease.class);
        assertThat(Ownership.onDnsReleased("r1", released, NAMING, Optional.of(waiting)))
                .as("no expiry waits: a replay, or an install failure's release").isInstanceOf(Ownership.IgnoreRelease.class);
        assertThat(Ownership.onDnsReleased("r1", released, NAMING, Optional.empty()))
                .isInstanceOf(Ownership.IgnoreRelease.class);
        var forged = new pw.fullstack.ephemeral.contracts.events.DnsReleased(PR, ClusterName.of("kube-system"),
                NAMING.dnsName(PR), pw.fullstack.ephemeral.contracts.events.DnsReleaseOutcome.REMOVED, "");
        assertThat(Ownership.onDnsReleased("r1", forged, NAMING, Optional.of(awaitingRelease)))
                .isInstanceOf(Ownership.RefuseRelease.class);
    }

    /** A successor waiting for a teardown whose PR closed meanwhile must not get a fresh cluster. */
    @Test
    void onlyACloseAfterTheWaitingRunsOpenEndsIt() {
        Optional<IpAllocated> waiting = Optional.of(allocated(OPENED.plusSeconds(60), "192.168.1.140", "192.168.1.141"));

        assertThat(Ownership.endsWaitingSuccessor(new PrClosed(PR, NAME, false, OPENED.plusSeconds(120)), NAMING,
                Optional.of("run-2"), waiting)).isTrue();
        assertThat(Ownership.endsWaitingSuccessor(new PrClosed(PR, NAME, false, OPENED.plusSeconds(30)), NAMING,
                Optional.of("run-2"), waiting)).as("the close before the reopen (or its replay)").isFalse();
        assertThat(Ownership.endsWaitingSuccessor(new PrClosed(PR, NAME, false, OPENED.plusSeconds(120)), NAMING,
                Optional.empty(), Optional.empty())).as("nobody waits").isFalse();
        PullRequestRef other = PullRequestRef.of("fullstack-pw/cks-backend", 43);
        assertThat(Ownership.endsWaitingSuccessor(new PrClosed(other, NAME, false, OPENED.plusSeconds(120)), NAMING,
                Optional.of("run-2"), waiting)).as("a name that is not its PR's").isFalse();
    }
}
