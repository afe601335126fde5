package pw.fullstack.ephemeral.allocator.allocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
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

    public AllocationEngine(AllocationStore store, Pool pool, ClusterNaming naming, EventSink sink,
                            EngineListener listener, Clock clock,
                            java.util.function.Supplier<java.util.Optional<Duration>> tombstoneRetention, CasPolicy cas) {
        this.store = store;
        this.pool = pool;
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
                s -> AllocationDecisions.onPrOpened(pool, naming, s, request, now()));
        drain();
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
                EventEnvelope<?> event = EventEnvelope.causedBy(emit.causeId(), emit.correlationId(), SOURCE,
                        emit.event());
                // A step repeated after a conflict would emit the same id again; once is enough here.
                if (emittedHere.add(event.id())) {
                    sink.emit(event);
                    if (emit.event() instanceof IpAllocated) {
                        listener.allocated(Duration.ofNanos(System.nanoTime() - started));
                    }
                }
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
