package pw.fullstack.ephemeral.allocator.allocation;

import static org.assertj.core.api.Assertions.assertThat;
import static pw.fullstack.ephemeral.allocator.Fixtures.NAMING;
import static pw.fullstack.ephemeral.allocator.Fixtures.T0;
import static pw.fullstack.ephemeral.allocator.Fixtures.cluster;
import static pw.fullstack.ephemeral.allocator.Fixtures.opened;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.kv.Versioned;

/** A batch of PrOpened decided on one snapshot: what deciding them one by one would give, written once per document. */
class BatchDecisionsTest {

    private static final Instant NOW = T0.plusSeconds(5);

    private final Pool pool = Pool.of(List.of("10.0.0.1-10.0.0.4"), List.of(), 2);
    private final Block first = Block.of("10.0.0.1", "10.0.0.2");
    private final Block second = Block.of("10.0.0.3", "10.0.0.4");

    private static AllocationRequest request(int n) {
        return AllocationRequest.of(opened(n));
    }

    private static BatchSnapshot empty() {
        return snapshot(AllocationMap.empty(), Map.of());
    }

    private static BatchSnapshot snapshot(AllocationMap map, Map<ClusterName, Versioned<ClusterRecord>> records) {
        return new BatchSnapshot(new Versioned<>(map, 7), new Versioned<>(AllocationQueue.empty(), 3), records, Map.of());
    }

    private BatchDecision decide(Limits limits, BatchSnapshot s, List<AllocationRequest> requests) {
        return AllocationDecisions.onPrOpenedBatch(pool, NAMING, limits, s, requests, NOW);
    }

    /** The reference: each request on its own through onPrOpened's steps, each write applied before the next step. */
    private record OneByOne(AllocationMap map, AllocationQueue queue, Map<ClusterName, ClusterRecord> records,
                            List<Step.Emit> emits) {
    }

    private OneByOne oneByOne(Limits limits, BatchSnapshot s, List<AllocationRequest> requests) {
        AllocationMap map = s.map().value();
        AllocationQueue queue = s.queue().value();
        Map<ClusterName, ClusterRecord> records = new HashMap<>();
        List<Step.Emit> emits = new ArrayList<>();
        for (AllocationRequest request : requests) {
            while (true) {
                ClusterRecord record = records.getOrDefault(request.cluster(), s.record(request.cluster()).value());
                Step step = AllocationDecisions.onPrOpened(pool, NAMING, limits, new Snapshot(new Versioned<>(map, 1),
                        new Versioned<>(queue, 1), new Versioned<>(record, 1)), request, NOW);
                emits.addAll(step.emits());
                if (step.finished()) {
                    break;
                }
                Write write = step.write().orElseThrow();
                if (write instanceof Write.MapWrite w) {
                    map = w.map();
                } else if (write instanceof Write.QueueWrite w) {
                    queue = w.queue();
                } else if (write instanceof Write.RecordWrite w) {
                    records.put(request.cluster(), w.record());
                }
            }
        }
        return new OneByOne(map, queue, records, emits);
    }

    private static AllocationMap writtenMap(BatchDecision decision) {
        return ((Write.MapWrite) decision.map().orElseThrow()).map();
    }

    private static AllocationQueue writtenQueue(BatchDecision decision) {
        return ((Write.QueueWrite) decision.queue().orElseThrow()).queue();
    }

    private static Map<ClusterName, ClusterRecord> writtenRecords(BatchDecision decision) {
        Map<ClusterName, ClusterRecord> records = new HashMap<>();
        decision.records().forEach(w -> records.put(((Write.RecordWrite) w).record().cluster(), ((Write.RecordWrite) w).record()));
        return records;
    }

    private static List<Step.Emit> published(BatchDecision decision) {
        List<Step.Emit> all = new ArrayList<>(decision.refusals());
        all.addAll(decision.emits());
        return all;
    }

    @Test
    void aBurstTakesTheFreeBlocksInOrderAndQueuesTheRestWithOneWriteOfTheMapAndOneOfTheQueue() {
        List<AllocationRequest> burst = List.of(request(1), request(2), request(3), request(4));

        BatchDecision decision = decide(Limits.none(), empty(), burst);

        assertThat(writtenMap(decision).addressesOf(cluster(1))).isEqualTo(first.addresses());
        assertThat(writtenMap(decision).addressesOf(cluster(2))).isEqualTo(second.addresses());
        assertThat(decision.map().orElseThrow().expectedVersion()).isEqualTo(7);
        assertThat(writtenQueue(decision).entries()).extracting(QueueEntry::cluster).containsExactly(cluster(3), cluster(4));
        assertThat(decision.queue().orElseThrow().expectedVersion()).isEqualTo(3);
        assertThat(decision.recordsBeforeMap()).as("new clusters: no record to write before the map").isEmpty();
        assertThat(decision.records()).hasSize(4).allSatisfy(w -> assertThat(w.expectedVersion()).isZero());
        assertThat(decision.emits()).extracting(Step.Emit::event).containsExactly(
                allocated(burst.get(0), first), allocated(burst.get(1), second),
                new AllocationQueued(burst.get(2).event().pullRequest(), cluster(3), 1, 2),
                new AllocationQueued(burst.get(3).event().pullRequest(), cluster(4), 2, 2));
        assertThat(decision.emits()).extracting(Step.Emit::causeId).containsExactly(
                burst.get(0).requestId(), burst.get(1).requestId(), burst.get(2).requestId(), burst.get(3).requestId());
    }

    @Test
    void comesToWhatDecidingTheRequestsOneByOneInOrderGives() {
        AllocationRequest holder = request(1);
        ClusterRecord holderRecord = ClusterRecord.none(cluster(1))
                .startedBy(holder, NAMING.dnsName(holder.event().pullRequest()), T0).allocated(first.addresses(), T0);
        AllocationRequest reopened = AllocationRequest.of(opened(1, T0.plusSeconds(60)));
        BatchSnapshot s = snapshot(AllocationMap.empty().with(cluster(1), first),
                Map.of(cluster(1), new Versioned<>(holderRecord, 4)));
        // a reopened PR taking over its block, new PRs, a replay of one of them, a replay of the old run
        List<AllocationRequest> requests = List.of(request(2), reopened, request(3), request(4), holder);
        List<AllocationRequest> withReplay = new ArrayList<>(requests);
        withReplay.add(2, requests.get(0));
        Limits limits = new Limits(3, 1);

        BatchDecision batch = decide(limits, s, withReplay);
        OneByOne reference = oneByOne(limits, s, withReplay);

        assertThat(writtenMap(batch)).isEqualTo(reference.map());
        assertThat(writtenQueue(batch)).isEqualTo(reference.queue());
        assertThat(writtenRecords(batch)).isEqualTo(reference.records());
        assertThat(published(batch)).containsExactlyInAnyOrderElementsOf(reference.emits().stream().distinct().toList());
        assertThat(published(batch)).extracting(e -> e.event().getClass().getSimpleName()).containsExactlyInAnyOrder(
                "IpAllocated", "IpAllocated", "AllocationQueued", "AllocationRefused");
    }

    @Test
    void aPrOpenedReplayedWithinTheBatchReportsTheSameAllocationOnceAndTakesNothingMore() {
        AllocationRequest request = request(1);

        BatchDecision decision = decide(Limits.none(), empty(), List.of(request, request, request));

        assertThat(writtenMap(decision).byCluster()).containsOnlyKeys(cluster(1).value());
        assertThat(decision.queue()).isEmpty();
        assertThat(decision.emits()).containsExactly(new Step.Emit(allocated(request, first), request.requestId(),
                request.sagaId()));
    }

    @Test
    void aBatchOfRequestsAlreadyDecidedWritesNothing() {
        AllocationRequest request = request(1);
        BatchDecision once = decide(Limits.none(), empty(), List.of(request));
        BatchSnapshot afterwards = snapshot(writtenMap(once), Map.of(cluster(1),
                new Versioned<>(writtenRecords(once).get(cluster(1)), 1)));

        BatchDecision again = decide(Limits.none(), afterwards, List.of(request));

        assertThat(again.writesNothing()).isTrue();
        assertThat(again.emits()).isEqualTo(once.emits());
    }

    @Test
    void anExistingRecordNamesTheNewRunBeforeTheMapGivesItsClusterABlock() {
        AllocationRequest old = request(1);
        ClusterRecord released = ClusterRecord.none(cluster(1))
                .startedBy(old, NAMING.dnsName(old.event().pullRequest()), T0).allocated(first.addresses(), T0)
                .releasedBy("destroy-1", T0.plusSeconds(30));
        AllocationRequest reopened = AllocationRequest.of(opened(1, T0.plusSeconds(60)));

        BatchDecision decision = decide(Limits.none(), snapshot(AllocationMap.empty(),
                Map.of(cluster(1), new Versioned<>(released, 4))), List.of(reopened));

        Write.RecordWrite before = (Write.RecordWrite) decision.recordsBeforeMap().get(0);
        assertThat(before.record().sagaId()).isEqualTo(reopened.sagaId());
        assertThat(before.record().addresses()).isEmpty();
        assertThat(before.expectedVersion()).isEqualTo(4);
        Write.RecordWrite after = (Write.RecordWrite) decision.records().get(0);
        assertThat(after.record().addresses()).isEqualTo(first.addresses());
        assertThat(after.expectedVersion()).as("checked against the version the first write makes").isEqualTo(5);
    }

    @Test
    void aRequestWhoseNameBelongsToAnotherRepositorysPrOrWhoseRecordIsUnreadableIsRejectedAloneAndTheOthersProceed() {
        AllocationRequest foreign = request(1);
        ClusterRecord heldByOther = new ClusterRecord(cluster(1), "someone/else#1", "run-x", "req-x", T0, List.of(),
                null, null, null, null, null, Map.of());
        AllocationRequest unreadable = request(2);
        AllocationRequest fine = request(3);
        BatchSnapshot s = new BatchSnapshot(new Versioned<>(AllocationMap.empty(), 1),
                new Versioned<>(AllocationQueue.empty(), 1), Map.of(cluster(1), new Versioned<>(heldByOther, 2)),
                Map.of(cluster(2), new MalformedStateException("kv/x", "field since is not a time")));

        BatchDecision decision = decide(Limits.none(), s, List.of(foreign, unreadable, fine));

        assertThat(decision.rejected()).containsOnlyKeys(foreign.requestId(), unreadable.requestId());
        assertThat(decision.rejected().get(foreign.requestId())).isInstanceOf(NameHeldByAnotherRepositoryException.class);
        assertThat(writtenMap(decision).byCluster()).containsOnlyKeys(cluster(3).value());
        assertThat(writtenMap(decision).addressesOf(cluster(3))).isEqualTo(first.addresses());
    }

    @Test
    void aPrOverTheRepositoryLimitIsRefusedBeforeItsRecordEndsItsRun() {
        List<AllocationRequest> burst = List.of(request(1), request(2), request(3));

        BatchDecision decision = decide(new Limits(2, 0), empty(), burst);

        assertThat(decision.refusals()).extracting(Step.Emit::event).singleElement()
                .isInstanceOfSatisfying(AllocationRefused.class, r -> assertThat(r.clusterName()).isEqualTo(cluster(3)));
        assertThat(writtenRecords(decision).get(cluster(3)).hasEnded(burst.get(2).sagaId())).isTrue();
        assertThat(decision.emits()).extracting(Step.Emit::event).allMatch(IpAllocated.class::isInstance).hasSize(2);
    }

    private static IpAllocated allocated(AllocationRequest request, Block block) {
        PrOpened pr = request.event();
        PullRequestRef ref = pr.pullRequest();
        return new IpAllocated(ref, pr.clusterName(), block.addresses(), NAMING.dnsName(ref), pr.branch(), pr.options(),
                pr.openedAt());
    }
}
