package pw.fullstack.ephemeral.allocator.allocation;

import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import pw.fullstack.ephemeral.allocator.pool.Block;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * Every decision the allocator takes, as pure functions of what it read from Vault and the event
 * in hand. No I/O: the {@link AllocationEngine} reads, asks here, writes under check-and-set, and
 * on a conflict reads again and asks again.
 */
public final class AllocationDecisions {

    private AllocationDecisions() {
    }

    /** What to do with a PrOpened. */
    public sealed interface OpenDecision {
    }

    /** A replay of an earlier run, or of a run that has ended: nothing to do, nothing to emit. */
    public record IgnoreOpen(String reason) implements OpenDecision {
    }

    /** The cluster already holds a block (redelivery, replay, reopened PR): the same block again. */
    public record AlreadyHolds(Block block) implements OpenDecision {
    }

    /** Take this free block. */
    public record Allocate(Block block) implements OpenDecision {
    }

    /** Already waiting at this 1-based position. */
    public record AlreadyQueued(int position) implements OpenDecision {
    }

    /** Join the queue at this 1-based position (the pool is full, or others are already waiting). */
    public record Enqueue(int position) implements OpenDecision {
    }

    public static OpenDecision onPrOpened(Pool pool, AllocationMap map, AllocationQueue queue, ClusterRecord record,
                                          AllocationRequest request) {
        Instant openedAt = request.event().openedAt();
        if (record.closedAt() != null && !openedAt.isAfter(record.closedAt())) {
            return new IgnoreOpen("opened at " + openedAt + ", not after the PR was closed at " + record.closedAt()
                    + ": replay of an earlier run");
        }
        if (record.released() && request.sagaId().equals(record.sagaId())) {
            return new IgnoreOpen("saga run " + request.sagaId() + " has ended: its cluster was destroyed");
        }
        List<Ipv4Address> held = map.addressesOf(request.cluster());
        if (!held.isEmpty()) {
            return new AlreadyHolds(new Block(held));
        }
        OptionalInt position = queue.positionOf(request.cluster());
        if (position.isPresent()) {
            return new AlreadyQueued(position.getAsInt());
        }
        if (!queue.isEmpty()) {
            // First come, first served: nobody overtakes a waiting PR, even if a block is free for a
            // moment (the queue is drained right after every change, see AllocationEngine#drain).
            return new Enqueue(queue.size() + 1);
        }
        return pool.firstFreeBlock(map::isTaken)
                .<OpenDecision>map(Allocate::new)
                .orElseGet(() -> new Enqueue(1));
    }

    /** What to do with a ClusterDestroyed. */
    public sealed interface ReleaseDecision {
    }

    /** Remove the cluster's addresses from the map, then emit IpReleased. */
    public record Release(List<Ipv4Address> addresses) implements ReleaseDecision {
    }

    /**
     * The map no longer holds the cluster, but the release was not recorded as done: a crash after
     * the map write. Emit IpReleased (same id as before) and record it.
     */
    public record FinishRelease(List<Ipv4Address> addresses) implements ReleaseDecision {
    }

    /** Nothing held, or already released and reported: a no-op, logged. */
    public record NothingToRelease(String reason) implements ReleaseDecision {
    }

    public static ReleaseDecision onClusterDestroyed(AllocationMap map, ClusterRecord record, String eventId,
                                                     String correlationId, Instant eventTime) {
        List<Ipv4Address> held = map.addressesOf(record.cluster());
        if (!held.isEmpty()) {
            boolean otherRun = record.sagaId() != null && !record.sagaId().equals(correlationId);
            if (otherRun && record.since() != null && eventTime.isBefore(record.since())) {
                return new NothingToRelease("ClusterDestroyed of " + eventTime + " (run " + correlationId
                        + ") is older than the current allocation (run " + record.sagaId() + ", since "
                        + record.since() + "): stale, the current cluster keeps its block");
            }
            return new Release(held);
        }
        if (eventId.equals(record.releasedBy())) {
            return new NothingToRelease("already released by this event (" + eventId + ")");
        }
        if (record.released()) {
            return new NothingToRelease("already released at " + record.releasedAt() + " by " + record.releasedBy());
        }
        if (!record.addresses().isEmpty()) {
            return new FinishRelease(record.addresses());
        }
        return new NothingToRelease("the cluster holds no block");
    }

    /** What to do with the head of the queue after capacity or the queue changed. */
    public sealed interface NextDecision {
    }

    /** Nobody is waiting. */
    public record NobodyWaiting() implements NextDecision {
    }

    /** Someone waits but no block is free. */
    public record PoolFull(QueueEntry head) implements NextDecision {
    }

    /** The head's PR was closed while it waited: drop it without an allocation. */
    public record DropClosed(QueueEntry head) implements NextDecision {
    }

    /**
     * Give the head this block. {@code alreadyInMap} when an earlier attempt wrote the map and
     * stopped before the queue was updated.
     */
    public record Promote(QueueEntry head, Block block, boolean alreadyInMap) implements NextDecision {
    }

    public static NextDecision next(Pool pool, AllocationMap map, AllocationQueue queue, ClusterRecord headRecord) {
        if (queue.isEmpty()) {
            return new NobodyWaiting();
        }
        QueueEntry head = queue.head().orElseThrow();
        if (headRecord.closedAt() != null && !head.openedAt().isAfter(headRecord.closedAt())) {
            return new DropClosed(head);
        }
        List<Ipv4Address> held = map.addressesOf(head.cluster());
        if (!held.isEmpty()) {
            return new Promote(head, new Block(held), true);
        }
        return pool.firstFreeBlock(map::isTaken)
                .<NextDecision>map(block -> new Promote(head, block, false))
                .orElseGet(() -> new PoolFull(head));
    }

    /** What a PrClosed changes: the tombstone, and the queue if the PR was waiting. */
    public record CloseDecision(boolean updateTombstone, boolean removeFromQueue) {
    }

    public static CloseDecision onPrClosed(ClusterRecord record, AllocationQueue queue, Instant closedAt) {
        boolean tombstone = record.closedAt() == null || closedAt.isAfter(record.closedAt());
        boolean dequeue = queue.entryOf(record.cluster())
                .map(entry -> !entry.openedAt().isAfter(closedAt))
                .orElse(false);
        return new CloseDecision(tombstone, dequeue);
    }
}
