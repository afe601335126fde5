package pw.fullstack.ephemeral.allocator.allocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.kv.Versioned;

/**
 * Applies one event to the state in the store and emits what follows from it. Safe to run many
 * times for the same event and concurrently in several instances: see the README ("Vault layout
 * and consistency").
 *
 * <p>Every event is handled the same way, by {@link #apply}: read the map, the queue and one
 * cluster's record; ask {@link AllocationDecisions} for the next {@link Step}; emit what it says
 * (deterministic ids); write the one document it says under check-and-set; repeat until a step has
 * no write. So every crash window is the gap between two steps of one loop, and whoever handles
 * the event next (a redelivery, another instance) continues from what the store shows.
 */
public class AllocationEngine {

    public static final URI SOURCE = URI.create("/ephemeral-clusters/allocator");
    private static final Logger LOG = Logger.getLogger(AllocationEngine.class);

    private final AllocationStore store;
    private final Pool pool;
    private final Limits limits;
    private final ClusterNaming naming;
    private final EventSink sink;
    private final EngineListener listener;
    private final Clock clock;
    /** How old a tombstone must be to be dropped on the next write; empty = drop none (the retention rule). */
    private final java.util.function.Supplier<java.util.Optional<Duration>> tombstoneRetention;
    private final CasPolicy cas;

    /** How check-and-set conflicts are retried (see {@link CasBackoff}). */
    public record CasPolicy(Duration deadline, Duration initialBackoff, Duration maxBackoff) {
    }

    public AllocationEngine(AllocationStore store, Pool pool, Limits limits, ClusterNaming naming, EventSink sink,
                            EngineListener listener, Clock clock,
                            java.util.function.Supplier<java.util.Optional<Duration>> tombstoneRetention, CasPolicy cas) {
        this.store = store;
        this.pool = pool;
        this.limits = limits;
        this.naming = naming;
        this.sink = sink;
        this.listener = listener;
        this.clock = clock;
        this.tombstoneRetention = tombstoneRetention;
        this.cas = cas;
    }

    public Pool pool() {
        return pool;
    }

    public ClusterNaming naming() {
        return naming;
    }

    public void onPrOpened(EventEnvelope<PrOpened> envelope) {
        AllocationRequest request = AllocationRequest.of(envelope);
        ClusterName cluster = request.cluster();
        apply("PrOpened " + envelope.id() + " (run " + request.sagaId() + ") for " + cluster, () -> read(cluster),
                s -> AllocationDecisions.onPrOpened(pool, naming, limits, s, request, now()));
        drain();
    }

    /**
     * A batch of PrOpened (a poll's worth) decided together and written once per document: one read of
     * the map, the queue and the records that exist, one write of the map, one of the queue and one of
     * each record the batch changes, instead of a read-decide-write loop per event. A check-and-set
     * conflict decides the whole batch again on a fresh read (with the same backoff as one event); what
     * was written before it stays and is found. Then the queue is drained once.
     *
     * @return request (PrOpened) id → why it is refused: those are not applied, every other one is
     */
    public Map<String, RuntimeException> onPrOpenedBatch(List<EventEnvelope<PrOpened>> envelopes) {
        if (envelopes.isEmpty()) {
            return Map.of();
        }
        List<AllocationRequest> requests = envelopes.stream().map(AllocationRequest::of).toList();
        String what = "batch of " + requests.size() + " PrOpened";
        long started = System.nanoTime();
        CasBackoff backoff = new CasBackoff(what, cas.deadline(), cas.initialBackoff(), cas.maxBackoff());
        Set<String> emittedHere = new HashSet<>();
        BatchDecision decision;
        while (true) {
            BatchSnapshot snapshot = readBatch(requests);
            listener.observed(snapshot.map().value());
            listener.observed(snapshot.queue().value());
            decision = AllocationDecisions.onPrOpenedBatch(pool, naming, limits, snapshot, requests, now());
            Write conflicted = writeBatch(decision, emittedHere, started);
            if (conflicted == null) {
                break;
            }
            listener.casConflict(conflicted.document());
            backoff.conflict();
        }
        for (Step.Emit emit : decision.emits()) {
            emit(emit, emittedHere, started);
        }
        decision.notes().forEach(note -> LOG.info(note));
        drain();
        return decision.rejected();
    }

    /** Makes the batch's writes in their order; returns the first that conflicted, or null once all are made. */
    private Write writeBatch(BatchDecision decision, Set<String> emittedHere, long started) {
        List<Write> ordered = new ArrayList<>(decision.recordsBeforeMap());
        decision.map().ifPresent(ordered::add);
        decision.queue().ifPresent(ordered::add);
        for (Write write : ordered) {
            if (!write(write)) {
                return write;
            }
        }
        for (Step.Emit refusal : decision.refusals()) {
            emit(refusal, emittedHere, started);
        }
        for (Write write : decision.records()) {
            if (!write(write)) {
                return write;
            }
        }
        return null;
    }

    /**
     * The map, the queue, and the record of each cluster of the batch: read only if the store lists it
     * (most PRs of a burst are new, and a new cluster has no record), so a batch costs a few reads, not
     * one per PR. A record created after the listing is found by the create-only write (version 0),
     * which conflicts, and the batch is decided again.
     */
    private BatchSnapshot readBatch(List<AllocationRequest> requests) {
        Optional<Set<ClusterName>> known = store.knownClusters();
        Map<ClusterName, Versioned<ClusterRecord>> records = new HashMap<>();
        Map<ClusterName, MalformedStateException> unreadable = new HashMap<>();
        for (AllocationRequest request : requests) {
            ClusterName cluster = request.cluster();
            if (records.containsKey(cluster) || unreadable.containsKey(cluster)
                    || known.isPresent() && !known.get().contains(cluster)) {
                continue;
            }
            try {
                records.put(cluster, store.readCluster(cluster));
            } catch (MalformedStateException e) {
                unreadable.put(cluster, e);
            }
        }
        return new BatchSnapshot(store.readMap(), store.readQueue(), records, unreadable);
    }

    private void emit(Step.Emit emit, Set<String> emittedHere, long started) {
        EventEnvelope<?> event = EventEnvelope.causedBy(emit.causeId(), emit.correlationId(), SOURCE, emit.event());
        if (emittedHere.add(event.id())) {
            sink.emit(event);
            if (emit.event() instanceof IpAllocated) {
                listener.allocated(Duration.ofNanos(System.nanoTime() - started));
            }
        }
    }

    public void onPrClosed(EventEnvelope<PrClosed> envelope) {
        PrClosed closed = envelope.data();
        apply("PrClosed " + envelope.id() + " for " + closed.clusterName(), () -> read(closed.clusterName()),
                s -> AllocationDecisions.onPrClosed(s, closed.clusterName(), closed.pullRequest(), closed.closedAt()));
        drain();
    }

    public void onClusterDestroyed(EventEnvelope<ClusterDestroyed> envelope) {
        ClusterDestroyed destroyed = envelope.data();
        apply("ClusterDestroyed " + envelope.id() + " (run " + envelope.correlationId() + ") for "
                        + destroyed.clusterName(), () -> read(destroyed.clusterName()),
                s -> AllocationDecisions.onClusterDestroyed(s, destroyed.clusterName(), destroyed.pullRequest(),
                        destroyed.reason(), envelope.id(), envelope.correlationId(), now()));
        drain();
    }

    /**
     * Hands free blocks to the head of the queue until the queue is empty or the pool is full. Runs
     * after every event that may have freed capacity or queued someone, so whichever of a release
     * and an enqueue happens last sees the other (both write first, then read the other document),
     * and no PR waits while a block is free.
     */
    public void drain() {
        apply("queue drain", this::readHead, s -> AllocationDecisions.drain(pool, naming, s, now()));
    }

    /** The one read-decide-write loop every event goes through. */
    private void apply(String what, Supplier<Snapshot> read, Function<Snapshot, Step> decide) {
        long started = System.nanoTime();
        CasBackoff backoff = new CasBackoff(what, cas.deadline(), cas.initialBackoff(), cas.maxBackoff());
        Set<String> emittedHere = new HashSet<>();
        while (true) {
            Snapshot snapshot = read.get();
            listener.observed(snapshot.mapValue());
            listener.observed(snapshot.queueValue());
            Step step = decide.apply(snapshot);
            for (Step.Emit emit : step.emits()) {
                // A step repeated after a conflict would emit the same id again; once is enough here.
                emit(emit, emittedHere, started);
            }
            if (step.finished()) {
                LOG.infof("%s: %s", what, step.note());
                return;
            }
            Write write = step.write().orElseThrow();
            if (write(write)) {
                LOG.infof("%s: %s", what, step.note());
            } else {
                listener.casConflict(write.document());
                backoff.conflict();
            }
        }
    }

    private boolean write(Write write) {
        if (write instanceof Write.MapWrite w) {
            return store.writeMap(w.map(), w.expectedVersion());
        } else if (write instanceof Write.QueueWrite w) {
            return store.writeQueue(w.queue(), w.expectedVersion());
        } else if (write instanceof Write.RecordWrite w) {
            ClusterRecord record = tombstoneRetention.get()
                    .map(retention -> w.record().withoutTombstonesEndedBefore(now().minus(retention))).orElse(w.record());
            return store.writeCluster(record, w.expectedVersion());
        }
        throw new IllegalStateException("unknown write " + write);
    }

    private Snapshot read(ClusterName cluster) {
        Versioned<ClusterRecord> record = store.readCluster(cluster);
        Versioned<AllocationMap> map = store.readMap();
        Versioned<AllocationQueue> queue = store.readQueue();
        return new Snapshot(map, queue, record);
    }

    /**
     * The queue first, then the record of whoever is at its head, then the map. A head whose record
     * cannot be read is quarantined (it leaves the line, kept with the reason, reported by readiness
     * and {@code GET /pool}) and the next one becomes the head: one bad document must not stop the
     * queue, nor fail every other cluster's event that drains it afterwards.
     */
    private Snapshot readHead() {
        while (true) {
            Versioned<AllocationQueue> queue = store.readQueue();
            Optional<QueueEntry> head = queue.value().head();
            if (head.isEmpty()) {
                return new Snapshot(store.readMap(), queue, new Versioned<>(null, 0)); // nobody waits
            }
            Versioned<ClusterRecord> record;
            try {
                record = store.readCluster(head.get().cluster());
            } catch (MalformedStateException e) {
                String reason = "the record of the head of the queue cannot be read: " + e.getMessage();
                if (store.writeQueue(queue.value().quarantining(head.get(), reason), queue.version())) {
                    LOG.errorf("queue: %s quarantined (run %s): %s", head.get().cluster(), head.get().sagaId(), reason);
                } else {
                    listener.casConflict("queue");
                }
                continue;
            }
            return new Snapshot(store.readMap(), queue, record);
        }
    }

    Instant now() {
        return clock.instant();
    }
}
