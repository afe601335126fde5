package pw.fullstack.ephemeral.allocator.allocation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Allocate;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.AlreadyHolds;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.AlreadyQueued;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.CloseDecision;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.DropClosed;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Enqueue;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.FinishRelease;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.IgnoreOpen;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.NextDecision;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.NobodyWaiting;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.NothingToRelease;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.OpenDecision;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.PoolFull;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Promote;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.Release;
import pw.fullstack.ephemeral.allocator.allocation.AllocationDecisions.ReleaseDecision;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.AllocationQueued;
import pw.fullstack.ephemeral.contracts.events.ClusterDestroyed;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.IpReleased;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * Applies one event to the state in the store and emits what follows from it. Safe to run many
 * times for the same event and concurrently in several instances: see the README ("Vault layout
 * and consistency") for the write order and why a crash between two writes is repaired by the
 * redelivery of the same event.
 *
 * <p>In short: the allocation map is the only place an address is given to a cluster, and every
 * write to it is a check-and-set of a decision taken on the version just read, so two writers can
 * never both give away the same address. Each event's steps are ordered so that everything after
 * the first write is re-derived from the map on a retry, and the incoming event is acknowledged
 * only after the last step.
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
    private final Duration casDeadline;
    private final Duration casInitialBackoff;
    private final Duration casMaxBackoff;

    public AllocationEngine(AllocationStore store, Pool pool, ClusterNaming naming, EventSink sink,
                            EngineListener listener, Clock clock, Duration casDeadline,
                            Duration casInitialBackoff, Duration casMaxBackoff) {
        this.store = store;
        this.pool = pool;
        this.naming = naming;
        this.sink = sink;
        this.listener = listener;
        this.clock = clock;
        this.casDeadline = casDeadline;
        this.casInitialBackoff = casInitialBackoff;
        this.casMaxBackoff = casMaxBackoff;
    }

    public Pool pool() {
        return pool;
    }

    // ---------------------------------------------------------------- PrOpened

    public void onPrOpened(EventEnvelope<PrOpened> envelope) {
        long started = System.nanoTime();
        AllocationRequest request = AllocationRequest.of(envelope);
        ClusterName cluster = request.cluster();
        CasBackoff backoff = backoff("allocation map / queue for " + cluster);
        while (true) {
            Versioned<ClusterRecord> record = store.readCluster(cluster);
            Versioned<AllocationMap> map = store.readMap();
            Versioned<AllocationQueue> queue = store.readQueue();
            listener.observed(map.value());
            listener.observed(queue.value());
            OpenDecision decision = AllocationDecisions.onPrOpened(pool, map.value(), queue.value(), record.value(),
                    request);
            if (decision instanceof IgnoreOpen ignore) {
                LOG.infof("PrOpened %s for %s ignored: %s", envelope.id(), cluster, ignore.reason());
                return;
            } else if (decision instanceof AlreadyHolds holds) {
                finishAllocation(request, holds.block(), started);
                return;
            } else if (decision instanceof Allocate allocate) {
                if (!store.writeMap(map.value().with(cluster, allocate.block()), map.version())) {
                    conflict(backoff, "allocation map");
                    continue;
                }
                LOG.infof("allocated %s to %s (run %s)", allocate.block(), cluster, request.sagaId());
                finishAllocation(request, allocate.block(), started);
                return;
            } else if (decision instanceof AlreadyQueued queued) {
                emitQueued(envelope, queued.position());
                drain();
                return;
            } else if (decision instanceof Enqueue enqueue) {
                QueueEntry entry = QueueEntry.of(request, clock.instant());
                if (!store.writeQueue(queue.value().append(entry), queue.version())) {
                    conflict(backoff, "queue");
                    continue;
                }
                LOG.infof("pool full: %s queued at position %d", cluster, enqueue.position());
                emitQueued(envelope, enqueue.position());
                // A block may have been freed between reading the map and writing the queue; the
                // releasing instance may have looked at the queue before our entry was in it.
                drain();
                return;
            } else {
                throw new IllegalStateException("unknown decision " + decision);
            }
        }
    }

    /**
     * After the map holds the block: record the run beside it (once), then emit IpAllocated. The
     * event's id is derived from the PrOpened's id, so it is the same whether the PR got its block
     * at once, after waiting, or on a redelivery.
     */
    private void finishAllocation(AllocationRequest request, Block block, long startedNanos) {
        ClusterName cluster = request.cluster();
        PrOpened pr = request.event();
        String dnsName = naming.dnsName(pr.pullRequest());
        CasBackoff backoff = backoff("cluster record " + cluster);
        while (true) {
            Versioned<ClusterRecord> current = store.readCluster(cluster);
            ClusterRecord record = current.value();
            boolean upToDate = block.addresses().equals(record.addresses()) && !record.released()
                    && record.sagaId() != null;
            if (upToDate) {
                break;
            }
            ClusterRecord next = record.allocated(pr.pullRequest().toString(), request.sagaId(), request.requestId(),
                    block.addresses(), dnsName, clock.instant(), pr.openedAt());
            if (store.writeCluster(next, current.version())) {
                break;
            }
            conflict(backoff, "cluster record");
        }
        IpAllocated allocated = new IpAllocated(pr.pullRequest(), cluster, block.addresses(), dnsName, pr.branch(),
                pr.options(), pr.openedAt());
        sink.emit(EventEnvelope.causedBy(request.requestId(), request.sagaId(), SOURCE, allocated));
        listener.allocated(Duration.ofNanos(System.nanoTime() - startedNanos));
    }

    private void emitQueued(EventEnvelope<PrOpened> cause, int position) {
        PrOpened pr = cause.data();
        sink.emit(EventEnvelope.causedBy(cause, SOURCE,
                new AllocationQueued(pr.pullRequest(), pr.clusterName(), position, pool.capacity())));
    }

    // ---------------------------------------------------------------- PrClosed

    public void onPrClosed(EventEnvelope<PrClosed> envelope) {
        PrClosed closed = envelope.data();
        ClusterName cluster = closed.clusterName();
        CasBackoff backoff = backoff("tombstone / queue for " + cluster);
        // 1. The tombstone first: from now on an older PrOpened of this PR is a replay, and a queue
        //    drain that reaches the PR drops it instead of allocating.
        while (true) {
            Versioned<ClusterRecord> record = store.readCluster(cluster);
            CloseDecision decision = AllocationDecisions.onPrClosed(record.value(), AllocationQueue.empty(),
                    closed.closedAt());
            if (!decision.updateTombstone()
                    || store.writeCluster(record.value().closed(closed.closedAt()), record.version())) {
                break;
            }
            conflict(backoff, "cluster record");
        }
        // 2. A waiting PR leaves the queue (it held no address). A PR that holds a block keeps it
        //    until its cluster is destroyed.
        while (true) {
            Versioned<AllocationQueue> queue = store.readQueue();
            listener.observed(queue.value());
            CloseDecision decision = AllocationDecisions.onPrClosed(store.readCluster(cluster).value(),
                    queue.value(), closed.closedAt());
            if (!decision.removeFromQueue()) {
                return;
            }
            if (store.writeQueue(queue.value().without(cluster), queue.version())) {
                LOG.infof("%s closed while waiting: removed from the queue", cluster);
                return;
            }
            conflict(backoff, "queue");
        }
    }

    // ---------------------------------------------------------------- ClusterDestroyed

    public void onClusterDestroyed(EventEnvelope<ClusterDestroyed> envelope) {
        ClusterDestroyed destroyed = envelope.data();
        ClusterName cluster = destroyed.clusterName();
        CasBackoff backoff = backoff("allocation map for " + cluster);
        while (true) {
            Versioned<ClusterRecord> record = store.readCluster(cluster);
            Versioned<AllocationMap> map = store.readMap();
            listener.observed(map.value());
            ReleaseDecision decision = AllocationDecisions.onClusterDestroyed(map.value(), record.value(),
                    envelope.id(), envelope.correlationId(), envelope.time().toInstant());
            if (decision instanceof NothingToRelease nothing) {
                LOG.infof("ClusterDestroyed %s for %s releases nothing: %s", envelope.id(), cluster,
                        nothing.reason());
            } else if (decision instanceof Release release) {
                if (!store.writeMap(map.value().without(cluster), map.version())) {
                    conflict(backoff, "allocation map");
                    continue;
                }
                LOG.infof("released %s of %s (%s)", release.addresses(), cluster, destroyed.reason().wireName());
                finishRelease(envelope, release.addresses());
            } else if (decision instanceof FinishRelease finish) {
                finishRelease(envelope, finish.addresses());
            } else {
                throw new IllegalStateException("unknown decision " + decision);
            }
            drain();
            return;
        }
    }

    /** Emit IpReleased, then record which event released the block (so a replay emits nothing). */
    private void finishRelease(EventEnvelope<ClusterDestroyed> cause, List<Ipv4Address> addresses) {
        ClusterDestroyed destroyed = cause.data();
        sink.emit(EventEnvelope.causedBy(cause, SOURCE,
                new IpReleased(destroyed.pullRequest(), destroyed.clusterName(), addresses, destroyed.reason())));
        CasBackoff backoff = backoff("cluster record " + destroyed.clusterName());
        while (true) {
            Versioned<ClusterRecord> record = store.readCluster(destroyed.clusterName());
            if (cause.id().equals(record.value().releasedBy())) {
                return;
            }
            ClusterRecord base = record.value().addresses().isEmpty()
                    ? new ClusterRecord(destroyed.clusterName(), destroyed.pullRequest().toString(), null, null,
                            addresses, null, null, null, record.value().closedAt(), null, null)
                    : record.value();
            if (store.writeCluster(base.releasedBy(cause.id(), clock.instant()), record.version())) {
                return;
            }
            conflict(backoff, "cluster record");
        }
    }

    // ---------------------------------------------------------------- the queue

    /**
     * Hands free blocks to the head of the queue until the queue is empty or the pool is full.
     * Runs after every event that may have freed capacity or queued someone, so whichever of a
     * release and an enqueue happens last sees the other (both write first, then read the other
     * document), and no PR waits while a block is free.
     *
     * <p>Per head: map (check-and-set) → cluster record → IpAllocated → queue (check-and-set). A
     * crash before the queue write leaves the head in the queue holding a block; the next drain
     * (any instance, any event) sees that in the map and completes the same steps, emitting the same
     * IpAllocated id.
     */
    public void drain() {
        CasBackoff backoff = backoff("queue drain");
        while (true) {
            long started = System.nanoTime();
            Versioned<AllocationQueue> queue = store.readQueue();
            listener.observed(queue.value());
            if (queue.value().isEmpty()) {
                return;
            }
            QueueEntry head = queue.value().head().orElseThrow();
            ClusterRecord headRecord = store.readCluster(head.cluster()).value();
            Versioned<AllocationMap> map = store.readMap();
            listener.observed(map.value());
            NextDecision decision = AllocationDecisions.next(pool, map.value(), queue.value(), headRecord);
            if (decision instanceof NobodyWaiting || decision instanceof PoolFull) {
                return;
            } else if (decision instanceof DropClosed) {
                if (!store.writeQueue(queue.value().without(head.cluster()), queue.version())) {
                    conflict(backoff, "queue");
                } else {
                    LOG.infof("%s was closed while waiting: dropped from the queue", head.cluster());
                }
            } else if (decision instanceof Promote promote) {
                if (!promote.alreadyInMap()) {
                    if (!store.writeMap(map.value().with(head.cluster(), promote.block()), map.version())) {
                        conflict(backoff, "allocation map");
                        continue;
                    }
                    LOG.infof("allocated %s to %s from the queue (run %s)", promote.block(), head.cluster(),
                            head.sagaId());
                }
                finishAllocation(head.toRequest(), promote.block(), started);
                removeFromQueue(head.cluster());
            } else {
                throw new IllegalStateException("unknown decision " + decision);
            }
        }
    }

    private void removeFromQueue(ClusterName cluster) {
        CasBackoff backoff = backoff("queue");
        while (true) {
            Versioned<AllocationQueue> queue = store.readQueue();
            if (queue.value().positionOf(cluster).isEmpty()
                    || store.writeQueue(queue.value().without(cluster), queue.version())) {
                return;
            }
            conflict(backoff, "queue");
        }
    }

    private CasBackoff backoff(String what) {
        return new CasBackoff(what, casDeadline, casInitialBackoff, casMaxBackoff);
    }

    private void conflict(CasBackoff backoff, String document) {
        listener.casConflict(document);
        backoff.conflict();
    }

    Instant now() {
        return clock.instant();
    }
}
