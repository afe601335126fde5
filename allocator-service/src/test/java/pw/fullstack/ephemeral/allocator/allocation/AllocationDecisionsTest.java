package pw.fullstack.ephemeral.allocator.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.allocator.Fixtures.T0;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Allocate;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.AlreadyHolds;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.AlreadyQueued;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.CloseDecision;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.DropClosed;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Enqueue;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.FinishRelease;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.IgnoreOpen;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.NobodyWaiting;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.NothingToRelease;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.PoolFull;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Promote;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Release;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.allocator.pool.Pool;

class AllocationDecisionsTest {

    private final Pool pool = Pool.of(List.of("10.0.0.1-10.0.0.4"), List.of(), 2);
    private final Block first = Block.of("10.0.0.1", "10.0.0.2");
    private final Block second = Block.of("10.0.0.3", "10.0.0.4");

    private static AllocationRequest request(int pr) {
        return AllocationRequest.of(opened(pr));
    }

    private static AllocationRequest request(int pr, Instant openedAt) {
        return AllocationRequest.of(opened(pr, openedAt));
    }

    private static ClusterRecord none(int pr) {
        return ClusterRecord.none(cluster(pr));
    }

    private final java.util.Map<Integer, QueueEntry> entries = new java.util.HashMap<>();

    /** The same entry for the same PR within a test. */
    private QueueEntry waiting(int pr) {
        return entries.computeIfAbsent(pr, n -> QueueEntry.of(request(n), T0));
    }

    // ---- which block?

    @Test
    void takesTheFirstFreeBlockInPoolOrder() {
        AllocationMap map = AllocationMap.empty().with(cluster(9), first);

        assertThat(AllocationDecisions.onPrOpened(pool, map, AllocationQueue.empty(), none(1), request(1)))
                .isEqualTo(new Allocate(second));
    }

    @Test
    void handsTheSameBlockToAClusterThatAlreadyHoldsOne() {
        AllocationMap map = AllocationMap.empty().with(cluster(9), first).with(cluster(1), second);

        assertThat(AllocationDecisions.onPrOpened(pool, map, AllocationQueue.empty(), none(1), request(1)))
                .isEqualTo(new AlreadyHolds(second));
    }

    @Test
    void handsBackABlockTheSeedToolingWroteEvenIfItIsNotOneOfOurs() {
        AllocationMap map = AllocationMap.fromVault(java.util.Map.of("10.0.0.2", cluster(1).value()));

        assertThat(AllocationDecisions.onPrOpened(pool, map, AllocationQueue.empty(), none(1), request(1)))
                .isEqualTo(new AlreadyHolds(Block.of("10.0.0.2")));
    }

    @Test
    void aBlockWithOneTakenAddressIsNotFree() {
        AllocationMap map = AllocationMap.fromVault(java.util.Map.of("10.0.0.2", "legacy"));

        assertThat(AllocationDecisions.onPrOpened(pool, map, AllocationQueue.empty(), none(1), request(1)))
                .isEqualTo(new Allocate(second));
    }

    @Test
    void queuesThePrWhenThePoolIsFullInsteadOfFailingIt() {
        AllocationMap full = AllocationMap.empty().with(cluster(8), first).with(cluster(9), second);

        assertThat(AllocationDecisions.onPrOpened(pool, full, AllocationQueue.empty(), none(1), request(1)))
                .isEqualTo(new Enqueue(1));
    }

    @Test
    void nobodyOvertakesAWaitingPrEvenWhenABlockIsFreeForAMoment() {
        AllocationQueue queue = AllocationQueue.empty().append(waiting(5));

        assertThat(AllocationDecisions.onPrOpened(pool, AllocationMap.empty(), queue, none(1), request(1)))
                .isEqualTo(new Enqueue(2));
    }

    @Test
    void reportsThePositionOfAPrThatIsAlreadyWaiting() {
        AllocationQueue queue = AllocationQueue.empty().append(waiting(5)).append(waiting(1));
        AllocationMap full = AllocationMap.empty().with(cluster(8), first).with(cluster(9), second);

        assertThat(AllocationDecisions.onPrOpened(pool, full, queue, none(1), request(1)))
                .isEqualTo(new AlreadyQueued(2));
    }

    // ---- stale events

    @Test
    void ignoresAPrOpenedOlderThanThePrsLatestClose() {
        ClusterRecord closed = none(1).closed(T0.plusSeconds(60));

        assertThat(AllocationDecisions.onPrOpened(pool, AllocationMap.empty(), AllocationQueue.empty(), closed,
                request(1, T0))).isInstanceOf(IgnoreOpen.class);
    }

    @Test
    void allocatesAgainForAPrReopenedAfterItsClose() {
        ClusterRecord closed = none(1).closed(T0.plusSeconds(60));

        assertThat(AllocationDecisions.onPrOpened(pool, AllocationMap.empty(), AllocationQueue.empty(), closed,
                request(1, T0.plusSeconds(120)))).isEqualTo(new Allocate(first));
    }

    @Test
    void ignoresAReplayedPrOpenedOfARunWhoseClusterWasDestroyed() {
        AllocationRequest run = request(1);
        ClusterRecord released = none(1).allocated("fullstack-pw/cks-backend#1", run.sagaId(), run.requestId(),
                first.addresses(), "pr-1-cksbackend.ephemeral.fullstack.pw", T0, T0).releasedBy("destroy-1", T0);

        assertThat(AllocationDecisions.onPrOpened(pool, AllocationMap.empty(), AllocationQueue.empty(), released, run))
                .isInstanceOf(IgnoreOpen.class);
    }

    // ---- release

    @Test
    void releasesTheClustersBlockOnClusterDestroyed() {
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);

        assertThat(AllocationDecisions.onClusterDestroyed(map, none(1), "d1", "saga", T0))
                .isEqualTo(new Release(first.addresses()));
    }

    @Test
    void releasingAClusterThatHoldsNothingIsANoOp() {
        assertThat(AllocationDecisions.onClusterDestroyed(AllocationMap.empty(), none(1), "d1", "saga", T0))
                .isInstanceOf(NothingToRelease.class);
    }

    @Test
    void releasingTwiceWithTheSameEventIsANoOp() {
        ClusterRecord released = none(1).allocated("pr", "saga", "req", first.addresses(), "dns", T0, T0)
                .releasedBy("d1", T0);

        assertThat(AllocationDecisions.onClusterDestroyed(AllocationMap.empty(), released, "d1", "saga", T0))
                .isEqualTo(new NothingToRelease("already released by this event (d1)"));
        assertThat(AllocationDecisions.onClusterDestroyed(AllocationMap.empty(), released, "d2", "saga", T0))
                .isInstanceOf(NothingToRelease.class);
    }

    @Test
    void finishesAReleaseThatStoppedAfterTheMapWrite() {
        ClusterRecord allocated = none(1).allocated("pr", "saga", "req", first.addresses(), "dns", T0, T0);

        assertThat(AllocationDecisions.onClusterDestroyed(AllocationMap.empty(), allocated, "d1", "saga", T0))
                .isEqualTo(new FinishRelease(first.addresses()));
    }

    @Test
    void aClusterDestroyedOfAnEarlierRunDoesNotTakeTheBlockOfTheCurrentOne() {
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);
        ClusterRecord current = none(1).allocated("pr", "run-2", "req-2", first.addresses(), "dns",
                T0.plusSeconds(3600), T0.plusSeconds(3600));

        assertThat(AllocationDecisions.onClusterDestroyed(map, current, "d-old", "run-1", T0))
                .isInstanceOf(NothingToRelease.class);
        assertThat(AllocationDecisions.onClusterDestroyed(map, current, "d-new", "run-1", T0.plusSeconds(7200)))
                .isEqualTo(new Release(first.addresses()));
    }

    // ---- who is next?

    @Test
    void givesAFreedBlockToTheHeadOfTheQueue() {
        AllocationMap map = AllocationMap.empty().with(cluster(8), first);
        AllocationQueue queue = AllocationQueue.empty().append(waiting(3)).append(waiting(4));

        assertThat(AllocationDecisions.next(pool, map, queue, none(3)))
                .isEqualTo(new Promote(waiting(3), second, false));
    }

    @Test
    void keepsTheQueueWaitingWhileThePoolIsFull() {
        AllocationMap full = AllocationMap.empty().with(cluster(8), first).with(cluster(9), second);
        AllocationQueue queue = AllocationQueue.empty().append(waiting(3));

        assertThat(AllocationDecisions.next(pool, full, queue, none(3))).isInstanceOf(PoolFull.class);
        assertThat(AllocationDecisions.next(pool, full, AllocationQueue.empty(), none(3)))
                .isInstanceOf(NobodyWaiting.class);
    }

    @Test
    void dropsAHeadWhosePrWasClosedWhileItWaited() {
        AllocationQueue queue = AllocationQueue.empty().append(waiting(3));

        assertThat(AllocationDecisions.next(pool, AllocationMap.empty(), queue, none(3).closed(T0.plusSeconds(5))))
                .isEqualTo(new DropClosed(waiting(3)));
    }

    @Test
    void completesAPromotionThatStoppedAfterTheMapWrite() {
        AllocationMap map = AllocationMap.empty().with(cluster(3), second);
        AllocationQueue queue = AllocationQueue.empty().append(waiting(3));

        assertThat(AllocationDecisions.next(pool, map, queue, none(3)))
                .isEqualTo(new Promote(waiting(3), second, true));
    }

    // ---- PrClosed

    @Test
    void aClosedPrLeavesTheQueueButAPrHoldingABlockKeepsIt() {
        AllocationQueue queue = AllocationQueue.empty().append(waiting(3));

        assertThat(AllocationDecisions.onPrClosed(none(3), queue, T0.plusSeconds(1)))
                .isEqualTo(new CloseDecision(true, true));
        assertThat(AllocationDecisions.onPrClosed(none(4), queue, T0.plusSeconds(1)))
                .isEqualTo(new CloseDecision(true, false));
    }

    @Test
    void aReplayedOrOlderPrClosedChangesNothing() {
        ClusterRecord closed = none(3).closed(T0.plusSeconds(10));

        assertThat(AllocationDecisions.onPrClosed(closed, AllocationQueue.empty(), T0.plusSeconds(10)))
                .isEqualTo(new CloseDecision(false, false));
        assertThat(AllocationDecisions.onPrClosed(closed, AllocationQueue.empty(), T0))
                .isEqualTo(new CloseDecision(false, false));
    }

    @Test
    void aQueueEntryRoundTripsThroughItsVaultForm() {
        QueueEntry entry = waiting(3);
        AllocationQueue queue = AllocationQueue.fromVault(AllocationQueue.empty().append(entry).toVault());

        assertThat(queue.entries()).containsExactly(entry);
    }

    @Test
    void aClusterRecordRoundTripsThroughItsVaultForm() {
        ClusterRecord record = none(3).allocated("fullstack-pw/cks-backend#3", "saga", "req", first.addresses(),
                "pr-3-cksbackend.ephemeral.fullstack.pw", T0, T0).closed(T0.plusSeconds(3)).releasedBy("d", T0);

        assertThat(ClusterRecord.fromVault(cluster(3), record.toVault())).isEqualTo(record);
    }


}
