package pw.fullstack.ephemeral.allocator.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.EnvironmentOptions;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.pr.CommitSha;
import pw.fullstack.ephemeral.contracts.pr.BranchName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pw.fullstack.ephemeral.allocator.Fixtures.NAMING;
import static pw.fullstack.ephemeral.allocator.Fixtures.T0;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;
import static pw.fullstack.ephemeral.allocator.Fixtures.pr;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.kv.Versioned;

/** The allocator's decisions, one step at a time, without a store. */
class AllocationDecisionsTest {

    private static final Instant NOW = T0.plusSeconds(5);

    private final Pool pool = Pool.of(List.of("10.0.0.1-10.0.0.4"), List.of(), 2);
    private final Block first = Block.of("10.0.0.1", "10.0.0.2");
    private final Block second = Block.of("10.0.0.3", "10.0.0.4");
    private final Map<Integer, AllocationRequest> requests = new HashMap<>();

    /** The same run of PR {@code n} within a test. */
    private AllocationRequest run(int n) {
        return requests.computeIfAbsent(n, k -> AllocationRequest.of(opened(k)));
    }

    private static AllocationRequest run(int n, Instant openedAt) {
        return AllocationRequest.of(opened(n, openedAt));
    }

    private static Snapshot snapshot(AllocationMap map, AllocationQueue queue, ClusterRecord record) {
        return new Snapshot(new Versioned<>(map, 3), new Versioned<>(queue, 4), new Versioned<>(record, 5));
    }

    private static ClusterRecord none(int n) {
        return ClusterRecord.none(cluster(n));
    }

    private static ClusterRecord started(AllocationRequest request) {
        return ClusterRecord.none(request.cluster()).startedBy(request, NAMING.dnsName(request.event().pullRequest()), T0);
    }

    private Step open(AllocationRequest request, AllocationMap map, AllocationQueue queue, ClusterRecord record) {
        return AllocationDecisions.onPrOpened(pool, NAMING, snapshot(map, queue, record), request, NOW);
    }

    private static Write write(Step step) {
        assertThat(step.finished()).as("expected a write: %s", step.note()).isFalse();
        return step.write().orElseThrow();
    }

    // ---- which block?

    @Test
    void aNewRunIsRecordedBeforeItTakesAnything() {
        Write write = write(open(run(1), AllocationMap.empty(), AllocationQueue.empty(), none(1)));

        assertThat(write).isInstanceOf(Write.RecordWrite.class);
        assertThat(((Write.RecordWrite) write).record().sagaId()).isEqualTo(run(1).sagaId());
        assertThat(write.expectedVersion()).isEqualTo(5);
    }

    @Test
    void takesTheFirstFreeBlockInPoolOrder() {
        AllocationMap map = AllocationMap.empty().with(cluster(9), first);

        Write write = write(open(run(1), map, AllocationQueue.empty(), started(run(1))));

        assertThat(((Write.MapWrite) write).map().addressesOf(cluster(1))).isEqualTo(second.addresses());
        assertThat(write.expectedVersion()).isEqualTo(3);
    }

    @Test
    void recordsTheBlockForTheRunThenReportsIt() {
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);

        Write write = write(open(run(1), map, AllocationQueue.empty(), started(run(1))));
        ClusterRecord allocated = ((Write.RecordWrite) write).record();
        Step report = open(run(1), map, AllocationQueue.empty(), allocated);

        assertThat(allocated.addresses()).isEqualTo(first.addresses());
        assertThat(report.finished()).isTrue();
        IpAllocated event = (IpAllocated) report.emits().get(0).event();
        assertThat(event.addresses()).isEqualTo(first.addresses());
        assertThat(event.openedAt()).isEqualTo(T0);
        assertThat(report.emits().get(0).causeId()).isEqualTo(run(1).requestId());
        assertThat(report.emits().get(0).correlationId()).isEqualTo(run(1).sagaId());
    }

    @Test
    void aBlockTheSeedToolingWroteIsHandedBackEvenIfItIsNotOneOfOurs() {
        AllocationMap map = AllocationMap.fromVault(Map.of("10.0.0.2", cluster(1).value()));

        Write write = write(open(run(1), map, AllocationQueue.empty(), started(run(1))));

        assertThat(((Write.RecordWrite) write).record().addresses()).containsExactlyElementsOf(Block.of("10.0.0.2").addresses());
    }

    @Test
    void aBlockWithOneTakenAddressIsNotFree() {
        AllocationMap map = AllocationMap.fromVault(Map.of("10.0.0.2", "legacy"));

        Write write = write(open(run(1), map, AllocationQueue.empty(), started(run(1))));

        assertThat(((Write.MapWrite) write).map().addressesOf(cluster(1))).isEqualTo(second.addresses());
    }

    @Test
    void anAddressWhoseOwnerCannotBeReadIsNeverHandedOut() {
        AllocationMap map = AllocationMap.fromVault(Map.of("10.0.0.1", Map.of("cluster", "x")));

        Write write = write(open(run(1), map, AllocationQueue.empty(), started(run(1))));

        assertThat(((Write.MapWrite) write).map().addressesOf(cluster(1))).isEqualTo(second.addresses());
        assertThat(map.unreadableAddresses()).containsExactly("10.0.0.1");
    }

    @Test
    void queuesThePrWhenThePoolIsFullInsteadOfFailingIt() {
        AllocationMap full = AllocationMap.empty().with(cluster(8), first).with(cluster(9), second);

        Write write = write(open(run(1), full, AllocationQueue.empty(), started(run(1))));

        assertThat(((Write.QueueWrite) write).queue().positionOf(cluster(1))).hasValue(1);
    }

    @Test
    void nobodyOvertakesAWaitingPrEvenWhenABlockIsFreeForAMoment() {
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(5), T0));

        Write write = write(open(run(1), AllocationMap.empty(), queue, started(run(1))));

        assertThat(((Write.QueueWrite) write).queue().positionOf(cluster(1))).hasValue(2);
    }

    @Test
    void reportsThePositionOfAPrThatIsAlreadyWaiting() {
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(5), T0)).append(QueueEntry.of(run(1), T0));
        AllocationMap full = AllocationMap.empty().with(cluster(8), first).with(cluster(9), second);

        Step step = open(run(1), full, queue, started(run(1)));

        assertThat(step.finished()).isTrue();
        assertThat(((AllocationQueued) step.emits().get(0).event()).position()).isEqualTo(2);
    }

    // ---- run identity

    @Test
    void aRunOpenedBeforeThePrsLatestCloseIsAReplayAndDoesNothing() {
        ClusterRecord closed = none(1).closed(T0.plusSeconds(60));

        Step step = open(run(1, T0), AllocationMap.empty(), AllocationQueue.empty(), closed);

        assertThat(step.finished()).isTrue();
        assertThat(step.emits()).isEmpty();
    }

    @Test
    void aReplayedPrOpenedOfAnEndedRunDoesNothingEvenAfterANewerRunStarted() {
        AllocationRequest ended = run(1, T0);
        AllocationRequest newer = run(1, T0.plusSeconds(60));
        ClusterRecord record = started(ended).allocated(first.addresses(), T0).releasedBy("destroyed-1", T0)
                .startedBy(newer, "dns", T0.plusSeconds(60));
        AllocationMap map = AllocationMap.empty().with(cluster(1), second);

        Step step = open(ended, map, AllocationQueue.empty(), record.allocated(second.addresses(), T0));

        assertThat(step.finished()).isTrue();
        assertThat(step.emits()).isEmpty();
    }

    @Test
    void anOlderRunNeverTakesTheClusterFromANewerOne() {
        AllocationRequest older = run(1, T0);
        AllocationRequest newer = run(1, T0.plusSeconds(60));
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);

        Step step = open(older, map, AllocationQueue.empty(), started(newer).allocated(first.addresses(), T0));

        assertThat(step.finished()).isTrue();
        assertThat(step.emits()).isEmpty();
        assertThat(step.note()).contains("older than run " + newer.sagaId());
    }

    @Test
    void aReopenedPrsNewRunTakesOverTheBlockOfTheRunItSupersedes() {
        AllocationRequest before = run(1, T0);
        AllocationRequest reopened = run(1, T0.plusSeconds(120));
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);
        ClusterRecord holding = started(before).allocated(first.addresses(), T0).closed(T0.plusSeconds(60));

        ClusterRecord takenOver = ((Write.RecordWrite) write(open(reopened, map, AllocationQueue.empty(), holding))).record();
        ClusterRecord allocated = ((Write.RecordWrite) write(open(reopened, map, AllocationQueue.empty(), takenOver))).record();
        Step report = open(reopened, map, AllocationQueue.empty(), allocated);

        assertThat(takenOver.sagaId()).isEqualTo(reopened.sagaId());
        assertThat(takenOver.hasEnded(before.sagaId())).as("the superseded run is remembered as ended").isTrue();
        assertThat(allocated.addresses()).isEqualTo(first.addresses());
        assertThat(((IpAllocated) report.emits().get(0).event()).addresses()).isEqualTo(first.addresses());
        assertThat(report.emits().get(0).correlationId()).isEqualTo(reopened.sagaId());
    }

    @Test
    void aNewerRunOfAWaitingPrTakesItsPlaceInLine() {
        AllocationRequest older = run(1, T0);
        AllocationRequest newer = run(1, T0.plusSeconds(30));
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(5), T0)).append(QueueEntry.of(older, T0))
                .append(QueueEntry.of(run(6), T0));

        Write write = write(open(newer, AllocationMap.empty(), queue, started(older).startedBy(newer, "dns", NOW)));

        AllocationQueue next = ((Write.QueueWrite) write).queue();
        assertThat(next.positionOf(cluster(1))).hasValue(2);
        assertThat(next.entryOf(cluster(1)).orElseThrow().sagaId()).isEqualTo(newer.sagaId());
    }

    // ---- release

    @Test
    void releasesTheBlockForTheRunThatHoldsItThenReportsItOnce() {
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);
        ClusterRecord holding = started(run(1)).allocated(first.addresses(), T0);

        Write release = write(destroy(map, holding, "d1", run(1).sagaId()));
        Step report = destroy(((Write.MapWrite) release).map(), holding, "d1", run(1).sagaId());
        ClusterRecord released = ((Write.RecordWrite) write(report)).record();
        Step replay = destroy(AllocationMap.empty(), released, "d1", run(1).sagaId());

        assertThat(((Write.MapWrite) release).map().holds(cluster(1))).isFalse();
        assertThat(((IpReleased) report.emits().get(0).event()).addresses()).isEqualTo(first.addresses());
        assertThat(released.hasEnded(run(1).sagaId())).isTrue();
        assertThat(replay.finished()).isTrue();
        assertThat(replay.emits()).isEmpty();
    }

    @Test
    void aClusterDestroyedOfAnotherRunReleasesNothingHoweverRecentItIs() {
        AllocationMap map = AllocationMap.empty().with(cluster(1), first);
        AllocationRequest current = run(1, T0.plusSeconds(3600));
        ClusterRecord holding = started(current).allocated(first.addresses(), T0.plusSeconds(3600));

        Step step = destroy(map, holding, "fresh", "an-earlier-run");

        assertThat(step.finished()).isTrue();
        assertThat(step.emits()).isEmpty();
        assertThat(step.note()).contains("belong to run " + current.sagaId());
    }

    @Test
    void addressesTheSeedToolingAllocatedAreReleasedOnlyByAnOrphanTeardown() {
        AllocationMap map = AllocationMap.fromVault(Map.of("10.0.0.1", cluster(1).value()));

        Step expired = AllocationDecisions.onClusterDestroyed(snapshot(map, AllocationQueue.empty(), none(1)),
                cluster(1), pr(1), DestroyReason.EXPIRED, "d1", "some-run", NOW);
        Step orphan = AllocationDecisions.onClusterDestroyed(snapshot(map, AllocationQueue.empty(), none(1)),
                cluster(1), pr(1), DestroyReason.ORPHAN, "d2", "orphan-run", NOW);

        assertThat(expired.finished()).isTrue();
        assertThat(((Write.RecordWrite) write(orphan)).record().sagaId()).isEqualTo("orphan-run");
    }

    @Test
    void finishesAReleaseThatStoppedAfterTheMapWrite() {
        ClusterRecord holding = started(run(1)).allocated(first.addresses(), T0);

        Step step = destroy(AllocationMap.empty(), holding, "d1", run(1).sagaId());

        assertThat(step.emits()).hasSize(1);
        assertThat(((Write.RecordWrite) write(step)).record().releasedBy()).isEqualTo("d1");
    }

    private Step destroy(AllocationMap map, ClusterRecord record, String eventId, String runId) {
        return AllocationDecisions.onClusterDestroyed(snapshot(map, AllocationQueue.empty(), record), cluster(1), pr(1),
                DestroyReason.EXPIRED, eventId, runId, NOW);
    }

    // ---- the queue

    @Test
    void reservesAFreedBlockForTheHeadOfTheQueue() {
        AllocationMap map = AllocationMap.empty().with(cluster(8), first);
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0)).append(QueueEntry.of(run(4), T0));

        Write write = write(drain(map, queue, started(run(3))));

        assertThat(((Write.MapWrite) write).map().addressesOf(cluster(3))).isEqualTo(second.addresses());
    }

    @Test
    void commitsTheReservationInTheHeadsRecordThenReportsItAndDequeues() {
        AllocationMap map = AllocationMap.empty().with(cluster(3), second);
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));

        ClusterRecord committed = ((Write.RecordWrite) write(drain(map, queue, started(run(3))))).record();
        Step report = drain(map, queue, committed);

        assertThat(committed.addresses()).isEqualTo(second.addresses());
        assertThat(report.emits()).extracting(e -> e.event().getClass()).containsExactly((Class) IpAllocated.class);
        assertThat(((Write.QueueWrite) write(report)).queue().isEmpty()).isTrue();
    }

    @Test
    void keepsTheQueueWaitingWhileThePoolIsFull() {
        AllocationMap full = AllocationMap.empty().with(cluster(8), first).with(cluster(9), second);
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));

        assertThat(drain(full, queue, started(run(3))).finished()).isTrue();
        assertThat(drain(full, AllocationQueue.empty(), null).finished()).isTrue();
    }

    @Test
    void dropsAHeadWhosePrWasClosedWhileItWaited() {
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));

        Write write = write(drain(AllocationMap.empty(), queue, started(run(3)).closed(T0.plusSeconds(5))));

        assertThat(((Write.QueueWrite) write).queue().isEmpty()).isTrue();
    }

    @Test
    void aBlockReservedForAHeadThatWasClosedBeforeTheCommitGoesBackToThePool() {
        AllocationMap reserved = AllocationMap.empty().with(cluster(3), second);
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));

        Write write = write(drain(reserved, queue, started(run(3)).closed(T0.plusSeconds(5))));

        assertThat(((Write.MapWrite) write).map().holds(cluster(3))).isFalse();
    }

    @Test
    void aHeadWhosePromotionCommittedBeforeTheCloseIsStillReported() {
        AllocationMap map = AllocationMap.empty().with(cluster(3), second);
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));
        ClusterRecord committedThenClosed = started(run(3)).allocated(second.addresses(), NOW).closed(NOW.plusSeconds(1));

        Step step = drain(map, queue, committedThenClosed);

        assertThat(step.emits()).hasSize(1);
        assertThat(((Write.QueueWrite) write(step)).queue().isEmpty()).isTrue();
    }

    private Step drain(AllocationMap map, AllocationQueue queue, ClusterRecord headRecord) {
        return AllocationDecisions.drain(pool, NAMING, snapshot(map, queue, headRecord), NOW);
    }

    // ---- PrClosed

    @Test
    void aCloseIsRecordedFirstThenAWaitingPrLeavesTheQueue() {
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));

        ClusterRecord closed = ((Write.RecordWrite) write(close(AllocationMap.empty(), queue, started(run(3)), 10))).record();
        Write dequeue = write(close(AllocationMap.empty(), queue, closed, 10));

        assertThat(closed.closedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(((Write.QueueWrite) dequeue).queue().isEmpty()).isTrue();
    }

    @Test
    void aCloseVoidsABlockReservedButNotYetCommittedForTheWaitingPr() {
        AllocationMap reserved = AllocationMap.empty().with(cluster(3), second);
        AllocationQueue queue = AllocationQueue.empty().append(QueueEntry.of(run(3), T0));

        Write write = write(close(reserved, queue, started(run(3)).closed(T0.plusSeconds(10)), 10));

        assertThat(((Write.MapWrite) write).map().holds(cluster(3))).isFalse();
    }

    @Test
    void aPrHoldingABlockKeepsItWhenClosed() {
        AllocationMap map = AllocationMap.empty().with(cluster(3), second);
        ClusterRecord closed = started(run(3)).allocated(second.addresses(), T0).closed(T0.plusSeconds(10));

        Step step = close(map, AllocationQueue.empty(), closed, 10);

        assertThat(step.finished()).isTrue();
    }

    // ---- a name two repositories meet in

    @Test
    void aNameHeldByAnotherRepositorysPrNeverChangesHands() {
        ClusterRecord held = started(run(3));
        // The record of cluster(3) belongs to fullstack-pw/cks-backend#3; a PR of another repository
        // whose name would hash to the same cluster name (forged here: the hash cannot be met by search).
        PullRequestRef stranger = PullRequestRef.of("mallory/cks-backend", 3);
        AllocationRequest intruder = AllocationRequest.of(EventEnvelope.start(pw.fullstack.ephemeral.allocator.Fixtures.BRIDGE,
                new PrOpened(stranger, cluster(3), BranchName.of("main"), CommitSha.of("0123456789abcdef0123456789abcdef01234567"),
                        EnvironmentOptions.defaults(), T0.plusSeconds(5))));

        assertThatThrownBy(() -> open(intruder, AllocationMap.empty(), AllocationQueue.empty(), held))
                .isInstanceOf(NameHeldByAnotherRepositoryException.class)
                .hasMessageContaining("held by fullstack-pw/cks-backend#3").hasMessageContaining("mallory/cks-backend#3");
        assertThatThrownBy(() -> AllocationDecisions.onPrClosed(snapshot(AllocationMap.empty(), AllocationQueue.empty(), held),
                cluster(3), stranger, T0.plusSeconds(60))).isInstanceOf(NameHeldByAnotherRepositoryException.class);
        assertThat(close(AllocationMap.empty(), AllocationQueue.empty(), held, 60).finished()).as("its own close still counts").isFalse();
    }

    @Test
    void aReplayedOrOlderPrClosedChangesNothing() {
        ClusterRecord closed = none(3).closed(T0.plusSeconds(10));

        assertThat(close(AllocationMap.empty(), AllocationQueue.empty(), closed, 10).finished()).isTrue();
        assertThat(close(AllocationMap.empty(), AllocationQueue.empty(), closed, 0).finished()).isTrue();
    }

    private static Step close(AllocationMap map, AllocationQueue queue, ClusterRecord record, int secondsAfterT0) {
        return AllocationDecisions.onPrClosed(snapshot(map, queue, record), cluster(3), pr(3), T0.plusSeconds(secondsAfterT0));
    }

    // ---- Vault forms

    @Test
    void aQueueEntryRoundTripsThroughItsVaultForm() {
        QueueEntry entry = QueueEntry.of(run(3), T0);
        AllocationQueue queue = AllocationQueue.fromVault("kv/q", AllocationQueue.empty().append(entry).toVault());

        assertThat(queue.entries()).containsExactly(entry);
        assertThat(queue.quarantined()).isEmpty();
    }

    @Test
    void anUnreadableQueueEntryIsQuarantinedAndTheRestOfTheQueueStillFlows() {
        QueueEntry entry = QueueEntry.of(run(3), T0);
        Map<String, Object> data = Map.of("entries", List.of(Map.of("cluster", "pr-x-1", "number", "many"),
                AllocationQueue.empty().append(entry).toVault().get("entries") instanceof List<?> l ? l.get(0) : null));

        AllocationQueue queue = AllocationQueue.fromVault("kv/q", data);
        AllocationQueue again = AllocationQueue.fromVault("kv/q", queue.toVault());

        assertThat(queue.entries()).containsExactly(entry);
        assertThat(queue.quarantined()).singleElement().satisfies(q -> assertThat(q.reason()).contains("entry 0"));
        assertThat(again.quarantined()).as("kept, not lost, on the next write").hasSize(1);
    }

    @Test
    void aClusterRecordRoundTripsThroughItsVaultForm() {
        ClusterRecord record = started(run(3)).allocated(first.addresses(), T0).closed(T0.plusSeconds(3))
                .releasedBy("d", T0.plusSeconds(4));

        assertThat(ClusterRecord.fromVault(cluster(3), "kv/c", record.toVault())).isEqualTo(record);
    }

    @Test
    void aClusterRecordWithAFieldOfTheWrongTypeIsReportedAsMalformedNamingTheField() {
        Map<String, Object> data = new HashMap<>(started(run(3)).toVault());
        data.put("since", 12345);

        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(MalformedStateException.class,
                () -> ClusterRecord.fromVault(cluster(3), "kv/ephemeral-clusters/allocator/clusters/pr-cksbackend-3", data)))
                .hasMessageContaining("kv/ephemeral-clusters/allocator/clusters/pr-cksbackend-3")
                .hasMessageContaining("field since");
    }

    @Test
    void tombstonesOlderThanTheRetentionAreForgotten() {
        ClusterRecord record = none(3).ended("old", T0).ended("recent", T0.plusSeconds(100));

        assertThat(record.withoutTombstonesEndedBefore(T0.plusSeconds(50)).endedRuns()).containsOnlyKeys("recent");
    }
}
