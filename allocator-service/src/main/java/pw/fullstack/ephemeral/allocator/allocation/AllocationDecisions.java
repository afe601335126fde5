package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.AllocationRefused;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;
import pw.fullstack.ephemeral.kv.Versioned;

/**
 * Every decision the allocator takes, as pure functions of one {@link Snapshot} and the event in
 * hand, each answering "what is the next step?" with at most one write ({@link Step}). The
 * {@link AllocationEngine} reads, asks, writes under check-and-set and asks again until a step has
 * no write; a conflict means "read again and ask again".
 *
 * <p>Ownership is decided by run identity only: the record's latest run
 * ({@link ClusterRecord#run()}) may be replaced only by a run that supersedes it in
 * {@link SagaRun} order, a close ends the runs opened at or before it, and ended runs are
 * remembered. When an event was published or processed never matters.
 */
public final class AllocationDecisions {

    private AllocationDecisions() {
    }

    // ---------------------------------------------------------------- PrOpened

    /**
     * Refuses an event whose PR is not the one the cluster's record belongs to (same name, another
     * repository): whatever the event would do, it would do to another repository's environment.
     */
    public static void requireHolder(ClusterRecord record, PullRequestRef pr) {
        if (record.pullRequest() != null && !record.pullRequest().equalsIgnoreCase(pr.toString())) {
            throw new NameHeldByAnotherRepositoryException(record.cluster(), record.pullRequest(), pr);
        }
    }

    public static Step onPrOpened(Pool pool, ClusterNaming naming, Limits limits, Snapshot s, AllocationRequest request,
                                  Instant now) {
        ClusterRecord record = s.recordValue();
        requireHolder(record, request.event().pullRequest());
        AllocationMap map = s.mapValue();
        AllocationQueue queue = s.queueValue();
        SagaRun run = request.run();
        ClusterName cluster = request.cluster();
        if (record.hasEnded(run.id())) {
            return Step.done("run " + run.id() + " has ended: nothing to do");
        }
        if (run.endedByCloseAt(record.closedAt())) {
            return Step.done("run " + run + " was opened before the PR's latest close at " + record.closedAt()
                    + ": a replay of an ended run");
        }
        if (!record.isRun(run.id())) {
            Optional<SagaRun> latest = record.run();
            if (latest.isPresent() && !run.supersedes(latest.get())) {
                return Step.done("run " + run + " is older than run " + latest.get()
                        + ", the cluster's latest: a replay");
            }
            return Step.write(latest.map(l -> "run " + run.id() + " supersedes run " + l.id()
                            + " (reopened PR): it takes over whatever that run holds")
                            .orElse("run " + run.id() + " starts"),
                    s.writeRecord(record.startedBy(request, naming.dnsName(request.event().pullRequest()), now)));
        }
        List<Ipv4Address> held = map.addressesOf(cluster);
        if (!held.isEmpty()) {
            if (record.holdsExactly(held)) {
                return Step.emitAndFinish("run " + run.id() + " holds " + held, allocated(request, held, naming));
            }
            return Step.write("run " + run.id() + " takes the cluster's block " + held,
                    s.writeRecord(record.allocated(held, now)));
        }
        if (record.released() || !record.addresses().isEmpty()) {
            return Step.done("run " + run.id() + "'s block " + record.addresses()
                    + " was released: the run has ended (its ClusterDestroyed completes the release)");
        }
        OptionalInt position = queue.positionOf(cluster);
        if (position.isPresent()) {
            QueueEntry entry = queue.entryOf(cluster).orElseThrow();
            if (entry.sagaId().equals(run.id())) {
                return Step.emitAndFinish("run " + run.id() + " waits at position " + position.getAsInt(),
                        new Step.Emit(new AllocationQueued(request.event().pullRequest(), cluster, position.getAsInt(),
                                pool.capacity()), request.requestId(), run.id()));
            }
            return Step.write("run " + run.id() + " takes the place in line of the older run " + entry.sagaId(),
                    s.writeQueue(queue.replacing(QueueEntry.of(request, now))));
        }
        Optional<Block> free = pool.firstFreeBlock(map::isTaken);
        Optional<AllocationRefused> refused = limits.refusal(naming, map, queue, request.event().pullRequest(), cluster,
                !queue.isEmpty() || free.isEmpty());
        if (refused.isPresent()) {
            return Step.emitThenWrite("refused (" + refused.get().reason().wireName() + ", limit " + refused.get().limit()
                            + "): run " + run.id() + " ends without an environment",
                    new Step.Emit(refused.get(), request.requestId(), run.id()), s.writeRecord(record.ended(run.id(), now)));
        }
        if (!queue.isEmpty()) {
            // First come, first served: nobody overtakes a waiting PR, even if a block is free for a
            // moment (the queue is drained right after every change).
            return Step.write("others wait: joins the queue at " + (queue.size() + 1),
                    s.writeQueue(queue.append(QueueEntry.of(request, now))));
        }
        if (free.isPresent()) {
            return Step.write("takes the free block " + free.get(), s.writeMap(map.with(cluster, free.get())));
        }
        return Step.write("pool full: joins the queue at 1", s.writeQueue(queue.append(QueueEntry.of(request, now))));
    }

    // ---------------------------------------------------------------- a batch of PrOpened

    /**
     * A whole batch of PrOpened, in order, on one snapshot: each request goes through the very steps
     * {@link #onPrOpened} takes for it alone, applied to the batch's state in memory, so the batch comes
     * to what deciding them one by one would (same blocks, same places in line, same refusals, same
     * event ids). What the steps wrote is then written once per document ({@link BatchDecision}).
     * A request whose record cannot be read, or whose cluster belongs to another repository's PR, is
     * rejected alone.
     */
    public static BatchDecision onPrOpenedBatch(Pool pool, ClusterNaming naming, Limits limits, BatchSnapshot s,
                                                List<AllocationRequest> requests, Instant now) {
        AllocationMap map = s.map().value();
        AllocationQueue queue = s.queue().value();
        Map<ClusterName, ClusterRecord> records = new LinkedHashMap<>();
        Map<ClusterName, ClusterRecord> beforeMap = new LinkedHashMap<>();
        List<Step.Emit> refusals = new ArrayList<>();
        List<Step.Emit> emits = new ArrayList<>();
        Map<String, RuntimeException> rejected = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (AllocationRequest request : requests) {
            ClusterName cluster = request.cluster();
            MalformedStateException unreadable = s.unreadable().get(cluster);
            if (unreadable != null) {
                rejected.put(request.requestId(), unreadable);
                continue;
            }
            // Bounded: a request takes at most four steps (start, block or place, record, report).
            for (int steps = 0; ; steps++) {
                if (steps > 8) {
                    throw new IllegalStateException("PrOpened " + request.requestId() + " did not settle in a batch");
                }
                Versioned<ClusterRecord> original = s.record(cluster);
                ClusterRecord record = records.getOrDefault(cluster, original.value());
                Snapshot virtual = new Snapshot(new Versioned<>(map, 0), new Versioned<>(queue, 0),
                        new Versioned<>(record, 0));
                Step step;
                try {
                    step = onPrOpened(pool, naming, limits, virtual, request, now);
                } catch (NameHeldByAnotherRepositoryException e) {
                    rejected.put(request.requestId(), e);
                    break;
                }
                if (step.finished()) {
                    // A PrOpened replayed within the batch reports what the first one did: the same event, once.
                    step.emits().stream().filter(emit -> !emits.contains(emit)).forEach(emits::add);
                    notes.add("PrOpened " + request.requestId() + " for " + cluster + ": " + step.note());
                    break;
                }
                refusals.addAll(step.emits());
                Write write = step.write().orElseThrow();
                if (write instanceof Write.MapWrite w) {
                    if (original.version() > 0 && records.containsKey(cluster)) {
                        beforeMap.put(cluster, records.get(cluster));
                    }
                    map = w.map();
                } else if (write instanceof Write.QueueWrite w) {
                    queue = w.queue();
                } else if (write instanceof Write.RecordWrite w) {
                    records.put(cluster, w.record());
                }
            }
        }
        List<Write> recordsBeforeMap = new ArrayList<>();
        beforeMap.forEach((cluster, record) -> recordsBeforeMap.add(
                new Write.RecordWrite(record, s.record(cluster).version())));
        List<Write> finalRecords = new ArrayList<>();
        records.forEach((cluster, record) -> {
            int version = s.record(cluster).version() + (beforeMap.containsKey(cluster) ? 1 : 0);
            if (!record.equals(beforeMap.get(cluster))) {
                finalRecords.add(new Write.RecordWrite(record, version));
            }
        });
        return new BatchDecision(recordsBeforeMap,
                map.equals(s.map().value()) ? Optional.empty() : Optional.of(new Write.MapWrite(map, s.map().version())),
                queue.equals(s.queue().value()) ? Optional.empty()
                        : Optional.of(new Write.QueueWrite(queue, s.queue().version())),
                refusals, finalRecords, emits, rejected, notes);
    }

    // ---------------------------------------------------------------- PrClosed

    /**
     * A close is about the PR, not a run: it ends every run opened at or before {@code closedAt}. A
     * waiting run leaves the queue; a run that holds a block keeps it until its cluster is destroyed
     * (the reaper decides when). The record is where a close and a promotion meet: both write it
     * under check-and-set, so whichever wrote first wins and the other sees it.
     */
    public static Step onPrClosed(Snapshot s, ClusterName cluster, PullRequestRef pr, Instant closedAt) {
        ClusterRecord record = s.recordValue();
        requireHolder(record, pr);
        AllocationQueue queue = s.queueValue();
        AllocationMap map = s.mapValue();
        if (record.closedAt() == null || closedAt.isAfter(record.closedAt())) {
            return Step.write("closed at " + closedAt + ": runs opened before then have ended",
                    s.writeRecord(record.closed(closedAt)));
        }
        Optional<QueueEntry> entry = queue.entryOf(cluster);
        if (entry.isPresent() && entry.get().run().endedByCloseAt(record.closedAt())) {
            List<Ipv4Address> held = map.addressesOf(cluster);
            boolean promoted = record.isRun(entry.get().sagaId()) && record.holdsExactly(held);
            if (promoted) {
                return Step.done("run " + entry.get().sagaId() + " got its block " + held
                        + " before the close: the queue drain reports it, and the cluster lives until it expires");
            }
            if (!held.isEmpty()) {
                return Step.write("voids the block " + held + " reserved for the closed, waiting run "
                        + entry.get().sagaId(), s.writeMap(map.without(cluster)));
            }
            return Step.write("run " + entry.get().sagaId() + " closed while waiting: leaves the queue",
                    s.writeQueue(queue.without(cluster)));
        }
        return Step.done("close recorded; a block held keeps until the cluster is destroyed");
    }

    // ---------------------------------------------------------------- ClusterDestroyed

    /**
     * Only the run that holds the addresses releases them: a ClusterDestroyed of any other run (an
     * earlier run whose teardown finished after a reopen, a replay, a forged event) changes nothing,
     * however recent its time. Addresses the seed's shell tooling allocated (no run of ours) are
     * released only by an orphan teardown.
     */
    public static Step onClusterDestroyed(Snapshot s, ClusterName cluster, PullRequestRef pr, DestroyReason reason,
                                          String eventId, String runId, Instant now) {
        ClusterRecord record = s.recordValue();
        AllocationMap map = s.mapValue();
        List<Ipv4Address> held = map.addressesOf(cluster);
        if (!held.isEmpty()) {
            if (record.isRun(runId)) {
                return Step.write("releases " + held + " of run " + runId + " (" + reason.wireName() + ")",
                        s.writeMap(map.without(cluster)));
            }
            if (record.sagaId() == null && reason == DestroyReason.ORPHAN) {
                return Step.write("claims " + held + ", allocated by other tooling, for the orphan teardown " + runId,
                        s.writeRecord(record.claimedBy(runId, held, now)));
            }
            return Step.done("the addresses " + held + " belong to " + (record.sagaId() == null
                    ? "no run of ours (other tooling; only an orphan teardown releases them)"
                    : "run " + record.sagaId()) + ", not to run " + runId + ": nothing released");
        }
        if (eventId.equals(record.releasedBy())) {
            return Step.done("already released by this event");
        }
        if (record.isRun(runId) && !record.released() && !record.addresses().isEmpty()) {
            return Step.emitThenWrite("reports the release of " + record.addresses(),
                    new Step.Emit(new IpReleased(pr, cluster, record.addresses(), reason), eventId, runId),
                    s.writeRecord(record.releasedBy(eventId, now)));
        }
        if (record.isRun(runId) && !record.hasEnded(runId)) {
            return Step.write("run " + runId + " ended without a block", s.writeRecord(record.ended(runId, now)));
        }
        return Step.done("run " + runId + " holds no block of " + cluster);
    }

    // ---------------------------------------------------------------- the queue

    /**
     * The head of the queue: finish a promotion that got its block, drop a run that has ended, give a
     * free block to the head, or stop when nobody waits or the pool is full. Per head the steps are
     * map (reserve) → record (the promotion commits) → IpAllocated → queue (leave); a close that wrote
     * the record first makes the commit fail and the reservation void.
     */
    public static Step drain(Pool pool, ClusterNaming naming, Snapshot s, Instant now) {
        AllocationQueue queue = s.queueValue();
        Optional<QueueEntry> first = queue.head();
        if (first.isEmpty()) {
            return Step.done("nobody waits");
        }
        QueueEntry head = first.get();
        ClusterRecord record = s.recordValue();
        AllocationMap map = s.mapValue();
        List<Ipv4Address> held = map.addressesOf(head.cluster());
        if (record.isRun(head.sagaId()) && record.holdsExactly(held)) {
            return Step.emitThenWrite("run " + head.sagaId() + " got " + held + " from the queue: leaves it",
                    allocated(head.toRequest(), held, naming), s.writeQueue(queue.without(head.cluster())));
        }
        if (hasEnded(record, head)) {
            if (!held.isEmpty() && !record.holdsExactly(held)) {
                return Step.write("voids the block " + held + " reserved for run " + head.sagaId()
                        + ", which has ended", s.writeMap(map.without(head.cluster())));
            }
            return Step.write("run " + head.sagaId() + " ended while waiting (closed or superseded): leaves the queue",
                    s.writeQueue(queue.without(head.cluster())));
        }
        if (!held.isEmpty()) {
            ClusterRecord owner = record.isRun(head.sagaId()) ? record
                    : record.startedBy(head.toRequest(), naming.dnsName(head.pullRequest()), now);
            return Step.write("run " + head.sagaId() + " takes the block " + held + " reserved for it",
                    s.writeRecord(owner.allocated(held, now)));
        }
        Optional<Block> free = pool.firstFreeBlock(map::isTaken);
        if (free.isPresent()) {
            return Step.write("reserves " + free.get() + " for run " + head.sagaId() + " at the head of the queue",
                    s.writeMap(map.with(head.cluster(), free.get())));
        }
        return Step.done("pool full, " + queue.size() + " waiting");
    }

    private static boolean hasEnded(ClusterRecord record, QueueEntry head) {
        SagaRun run = head.run();
        if (record.hasEnded(run.id()) || run.endedByCloseAt(record.closedAt())) {
            return true;
        }
        Optional<SagaRun> latest = record.run();
        return latest.isPresent() && !latest.get().id().equals(run.id()) && latest.get().supersedes(run);
    }

    private static Step.Emit allocated(AllocationRequest request, List<Ipv4Address> block, ClusterNaming naming) {
        var pr = request.event();
        IpAllocated event = new IpAllocated(pr.pullRequest(), pr.clusterName(), block, naming.dnsName(pr.pullRequest()),
                pr.branch(), pr.options(), pr.openedAt());
        return new Step.Emit(event, request.requestId(), request.sagaId());
    }
}
