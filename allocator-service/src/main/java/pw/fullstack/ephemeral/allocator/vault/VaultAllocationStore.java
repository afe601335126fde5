package pw.fullstack.ephemeral.allocator.vault;

import io.quarkus.vault.client.VaultClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pw.fullstack.ephemeral.allocator.allocation.AllocationMap;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.AllocationStore;
import pw.fullstack.ephemeral.allocator.allocation.ClusterRecord;
import pw.fullstack.ephemeral.allocator.allocation.StoreUnavailableException;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.kv.VaultUnavailableException;
import pw.fullstack.ephemeral.kv.Versioned;

/**
 * The allocator's documents in Vault KV v2, through {@link KvDocuments} (kv-documents: absent =
 * version 0, a check-and-set mismatch = {@code false}, everything else unavailable). Every write
 * carries {@code cas}: the version read (0 = create only). Vault being unavailable is reported as a
 * {@link StoreUnavailableException}, like CAS contention that does not settle. Blocking: call from a
 * worker thread.
 *
 * <ul>
 *   <li>{@code <mount>/<allocations-path>}: the allocation map, seed format;</li>
 *   <li>{@code <mount>/<state-path>/queue}: {@code {"entries": [...]}}, the FIFO wait queue;</li>
 *   <li>{@code <mount>/<state-path>/clusters/<cluster>}: saga run, since, addresses, PR, tombstone.</li>
 * </ul>
 */
public class VaultAllocationStore implements AllocationStore {

    private final KvDocuments documents;
    private final String allocationsPath;
    private final String statePath;

    public VaultAllocationStore(VaultClient client, String mount, String allocationsPath, String statePath,
                                Duration timeout) {
        this.documents = new KvDocuments(client, mount, timeout);
        this.allocationsPath = allocationsPath;
        this.statePath = statePath;
    }

    public String allocationsPath() {
        return allocationsPath;
    }

    public String queuePath() {
        return statePath + "/queue";
    }

    public String clusterPath(ClusterName cluster) {
        return statePath + "/clusters/" + cluster.value();
    }

    @Override
    public Versioned<AllocationMap> readMap() {
        Versioned<Map<String, Object>> raw = read(allocationsPath);
        return new Versioned<>(AllocationMap.fromVault(raw.value()), raw.version());
    }

    @Override
    public boolean writeMap(AllocationMap map, int expectedVersion) {
        return write(allocationsPath, map.toVault(), expectedVersion);
    }

    @Override
    public Versioned<AllocationQueue> readQueue() {
        Versioned<Map<String, Object>> raw = read(queuePath());
        return new Versioned<>(AllocationQueue.fromVault(document(queuePath()), raw.value()), raw.version());
    }

    @Override
    public boolean writeQueue(AllocationQueue queue, int expectedVersion) {
        return write(queuePath(), queue.toVault(), expectedVersion);
    }

    @Override
    public Versioned<ClusterRecord> readCluster(ClusterName cluster) {
        Versioned<Map<String, Object>> raw = read(clusterPath(cluster));
        return new Versioned<>(ClusterRecord.fromVault(cluster, document(clusterPath(cluster)), raw.value()),
                raw.version());
    }

    @Override
    public boolean writeCluster(ClusterRecord record, int expectedVersion) {
        return write(clusterPath(record.cluster()), record.toVault(), expectedVersion);
    }

    @Override
    public Optional<Set<ClusterName>> knownClusters() {
        List<String> keys;
        try {
            keys = documents.list(statePath + "/clusters");
        } catch (VaultUnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
        Set<ClusterName> names = new HashSet<>();
        for (String key : keys) {
            try {
                names.add(ClusterName.of(key));
            } catch (IllegalArgumentException e) {
                // not a cluster name (a folder, a key written by hand): no PrOpened is about it
            }
        }
        return Optional.of(names);
    }

    /**
     * Reads and parses a document reported malformed earlier, for the readiness check: returns
     * normally once someone repaired (or removed) it.
     *
     * @throws pw.fullstack.ephemeral.allocator.allocation.MalformedStateException while it is still malformed
     */
    public void recheck(String document) {
        String prefix = document(statePath + "/clusters/");
        if (document.equals(document(queuePath()))) {
            readQueue();
        } else if (document.startsWith(prefix)) {
            readCluster(ClusterName.of(document.substring(prefix.length())));
        } else {
            readMap();
        }
    }

    /** The document's name in logs, health and dead-letter reasons: {@code <mount>/<path>}. */
    public String document(String path) {
        return documents.document(path);
    }

    private Versioned<Map<String, Object>> read(String path) {
        try {
            return documents.read(path);
        } catch (VaultUnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    private boolean write(String path, Map<String, Object> data, int cas) {
        try {
            return documents.write(path, data, cas);
        } catch (VaultUnavailableException e) {
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }
}
