package pw.fullstack.ephemeral.allocator.allocation;

import java.util.Optional;
import java.util.Set;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.kv.Versioned;

/**
 * The allocator's state: three kinds of document, each written only with check-and-set. A write
 * returns false when the document changed since it was read (the caller reads again and decides
 * again); any other failure is a {@link StoreUnavailableException}.
 */
public interface AllocationStore {

    Versioned<AllocationMap> readMap();

    boolean writeMap(AllocationMap map, int expectedVersion);

    Versioned<AllocationQueue> readQueue();

    boolean writeQueue(AllocationQueue queue, int expectedVersion);

    Versioned<ClusterRecord> readCluster(ClusterName cluster);

    boolean writeCluster(ClusterRecord record, int expectedVersion);

    /**
     * The clusters that have a record, in one request, if the store can list them: a batch then reads
     * only those records (a cluster not listed has none). Empty = unknown, read each one.
     */
    default Optional<Set<ClusterName>> knownClusters() {
        return Optional.empty();
    }
}
