package pw.fullstack.ephemeral.sandbox.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.events.PrUpdated;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

class PrBoardTest {

    private static final URI SOURCE = URI.create("/test");
    private static final PullRequestRef PR = PullRequestRef.of("fullstack-pw/demo-apps", 3);
    private static final ClusterName CLUSTER = ClusterNaming.defaults().clusterName(PR);
    private static final List<Ipv4Address> BLOCK = List.of(Ipv4Address.parse("192.168.1.140"));

    private final PrBoard board = new PrBoard();

    @Test
    void followsAPrFromQueueToAllocationToRelease() {
        EventEnvelope<LifecycleEvent> opened = opened();
        board.apply(opened);
        board.apply(next(opened, new AllocationQueued(PR, CLUSTER, 2, 10)));
        assertThat(board.queue()).singleElement().satisfies(row -> {
            assertThat(row.stage()).isEqualTo(Stage.QUEUED);
            assertThat(row.queuePosition()).isEqualTo(2);
        });

        board.apply(next(opened, allocated()));
        assertThat(board.rows()).singleElement().satisfies(row -> {
            assertThat(row.stage()).isEqualTo(Stage.ALLOCATED);
            assertThat(row.addresses()).isEqualTo(BLOCK);
            assertThat(row.queuePosition()).isZero();
        });

        board.apply(next(opened, new ClusterDestroyed(PR, CLUSTER, DestroyReason.EXPIRED, BLOCK)));
        board.apply(next(opened, new IpReleased(PR, CLUSTER, BLOCK, DestroyReason.EXPIRED)));
        assertThat(board.rows()).singleElement().satisfies(row -> assertThat(row.stage().finished()).isTrue());
    }

    @Test
    void showsInstallingFromClusterReadyAndTheEnvironmentUrlOncePhasesAreInstalled() {
        EventEnvelope<LifecycleEvent> opened = opened();
        board.apply(opened);
        board.apply(next(opened, allocated()));
        String dns = ClusterNaming.defaults().dnsName(PR);
        board.apply(next(opened, new pw.fullstack.ephemeral.contracts.events.ClusterReady(PR, CLUSTER, BLOCK, dns,
                new pw.fullstack.ephemeral.contracts.events.VaultSecretRef("kv", "ephemeral-clusters/" + CLUSTER + "/kubeconfig",
                        "value"), URI.create("https://192.168.1.140:6443"), Instant.now())));
        assertThat(board.rows()).singleElement().satisfies(row -> {
            assertThat(row.stage()).isEqualTo(Stage.INSTALLING);
            assertThat(row.detail()).isEqualTo(dns);
        });

        board.apply(next(opened, new pw.fullstack.ephemeral.contracts.events.PhasesInstalled(PR, CLUSTER,
                URI.create("https://" + dns), List.of("cert-manager"), List.of(), List.of(),
                List.of("dns: " + dns + " did not resolve"))));
        assertThat(board.rows()).singleElement().satisfies(row -> {
            assertThat(row.stage()).isEqualTo(Stage.READY);
            assertThat(row.detail()).startsWith("https://" + dns).contains("did not resolve");
            assertThat(row.installing()).isPresent();
        });
    }

    @Test
    void countsARepeatedEventIdAsADuplicateAndIgnoresIt() {
        EventEnvelope<LifecycleEvent> opened = opened();
        EventEnvelope<LifecycleEvent> allocated = next(opened, allocated());
        board.apply(opened);
        board.apply(allocated);
        board.apply(allocated);

        assertThat(board.duplicates()).isEqualTo(1);
        assertThat(board.count(EventType.IP_ALLOCATED)).isEqualTo(1);
    }

    @Test
    void doesNotLetAnOlderRunMoveTheCurrentRow() {
        EventEnvelope<LifecycleEvent> oldRun = opened();
        EventEnvelope<LifecycleEvent> current = opened();
        board.apply(current);

        board.apply(next(oldRun, new IpReleased(PR, CLUSTER, BLOCK, DestroyReason.EXPIRED)));

        assertThat(board.rows()).singleElement().satisfies(row -> assertThat(row.stage()).isEqualTo(Stage.OPENED));
    }

    @Test
    void aReopenedPrsRowFollowsTheNewRunAndACloseMarksItWhateverItsCorrelationId() {
        EventEnvelope<LifecycleEvent> first = opened(Instant.parse("2026-11-28T10:00:00Z"));
        board.apply(first);
        board.apply(next(first, allocated()));
        board.apply(EventEnvelope.start(SOURCE, new PrClosed(PR, CLUSTER, false, Instant.parse("2026-11-28T10:05:00Z"))));
        assertThat(board.rows()).singleElement().satisfies(row -> assertThat(row.closed()).isTrue());

        EventEnvelope<LifecycleEvent> reopened = opened(Instant.parse("2026-11-28T10:05:01Z"));
        board.apply(reopened);
        board.apply(next(first, new IpReleased(PR, CLUSTER, BLOCK, DestroyReason.EXPIRED)));

        assertThat(board.rows()).singleElement().satisfies(row -> {
            assertThat(row.correlationId()).isEqualTo(reopened.correlationId());
            assertThat(row.stage()).isEqualTo(Stage.OPENED);
            assertThat(row.closed()).isFalse();
        });
        board.apply(first);
        assertThat(board.rows().get(0).correlationId()).as("an older run never takes the row back")
                .isEqualTo(reopened.correlationId());
    }

    @Test
    void aPushToThePrMovesNothing() {
        EventEnvelope<LifecycleEvent> opened = opened(Instant.parse("2026-11-28T10:00:00Z"));
        board.apply(opened);

        // As the bridge publishes it: about the PR, its own id as correlation id.
        board.apply(EventEnvelope.start(SOURCE, new PrUpdated(PR, CLUSTER, BranchName.of("main"),
                CommitSha.of("b".repeat(40)), Instant.parse("2026-11-28T10:01:00Z"))));

        assertThat(board.rows()).singleElement().satisfies(row -> {
            assertThat(row.stage()).isEqualTo(Stage.OPENED);
            assertThat(row.correlationId()).isEqualTo(opened.correlationId());
        });
        assertThat(board.count(EventType.PR_UPDATED)).isEqualTo(1);
    }

    @Test
    void rendersOneLinePerPrWithStateAddressesAndQueuePosition() {
        EventEnvelope<LifecycleEvent> opened = opened();
        board.apply(opened);
        board.apply(next(opened, new AllocationQueued(PR, CLUSTER, 4, 10)));

        List<String> lines = BoardView.render(board.rows());

        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).contains("fullstack-pw/demo-apps#3", "pr-demoapps-3", "QUEUED #4");
    }

    private static EventEnvelope<LifecycleEvent> opened() {
        return opened(Instant.now());
    }

    private static EventEnvelope<LifecycleEvent> opened(Instant openedAt) {
        return EventEnvelope.start(SOURCE, new PrOpened(PR, CLUSTER, BranchName.of("main"),
                CommitSha.of("a".repeat(40)), EnvironmentOptions.defaults(), openedAt));
    }

    private static EventEnvelope<LifecycleEvent> next(EventEnvelope<?> cause, LifecycleEvent event) {
        return EventEnvelope.causedBy(cause, SOURCE, event);
    }

    private static IpAllocated allocated() {
        return new IpAllocated(PR, CLUSTER, BLOCK, ClusterNaming.defaults().dnsName(PR), BranchName.of("main"),
                EnvironmentOptions.defaults(), java.time.Instant.parse("2026-11-28T10:00:00Z"));
    }
}
