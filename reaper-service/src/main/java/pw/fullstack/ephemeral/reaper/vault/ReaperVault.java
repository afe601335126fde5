package pw.fullstack.ephemeral.reaper.vault;

import io.quarkus.vault.client.VaultClient;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import pw.fullstack.ephemeral.reaper.expiry.AllocatorRecord;
import pw.fullstack.ephemeral.reaper.expiry.Allocations;
import pw.fullstack.ephemeral.kv.KvDocuments;
import pw.fullstack.ephemeral.kv.Versioned;
import pw.fullstack.ephemeral.reaper.history.PrHistory;

/**
 * The reaper's view of Vault KV v2, through {@link KvDocuments} (kv-documents: absent = version 0, a
 * check-and-set mismatch = {@code false}, every other failure a
 * {@link pw.fullstack.ephemeral.kv.VaultUnavailableException}). Blocking: call from a worker thread.
 *
 * <ul>
 *   <li>read only, the allocator's: {@code <allocations-path>} (the seed's map) and
 *       {@code <allocator-records-path>/<cluster>};</li>
 *   <li>the reaper's own, written with check-and-set: {@code <state-path>/prs/<cluster>}
 *       ({@link PrHistory}) and {@code <state-path>/orphan-suspects} (suspicion key → first seen).</li>
 * </ul>
 */
public class ReaperVault {

    private final KvDocuments documents;
    private final String allocationsPath;
    private final String allocatorRecordsPath;
    private final String statePath;

    public ReaperVault(VaultClient client, String mount, String allocationsPath, String allocatorRecordsPath,
                       String statePath, Duration timeout) {
        this.documents = new KvDocuments(client, mount, timeout);
        this.allocationsPath = allocationsPath;
        this.allocatorRecordsPath = allocatorRecordsPath;
        this.statePath = statePath;
    }

    public String allocationsPath() {
        return documents.document(allocationsPath);
    }

    public Allocations allocations() {
        return Allocations.fromVault(read(allocationsPath).value());
    }

    /** The allocator's record of the cluster, or null when it has none. */
    public AllocatorRecord allocatorRecord(String cluster) {
        return AllocatorRecord.fromVault(read(allocatorRecordsPath + "/" + cluster).value());
    }

    public Versioned<PrHistory> history(String cluster) {
        Versioned<Map<String, Object>> raw = read(historyPath(cluster));
        return new Versioned<>(PrHistory.fromVault(cluster, raw.value()), raw.version());
    }

    /** @return false when the document changed since {@code expectedVersion} was read */
    public boolean writeHistory(PrHistory history, int expectedVersion) {
        return write(historyPath(history.cluster()), history.toVault(), expectedVersion);
    }

    public String historyPath(String cluster) {
        return statePath + "/prs/" + cluster;
    }

    public Versioned<Map<String, Instant>> suspects() {
        Versioned<Map<String, Object>> raw = read(suspectsPath());
        Map<String, Instant> suspects = new TreeMap<>();
        if (raw.value() != null) {
            raw.value().forEach((key, value) -> {
                try {
                    suspects.put(key, Instant.parse(String.valueOf(value)));
                } catch (DateTimeParseException e) {
                    // a hand edit: the suspicion starts again, which only delays an orphan decision
                }
            });
        }
        return new Versioned<>(suspects, raw.version());
    }

    public boolean writeSuspects(Map<String, Instant> suspects, int expectedVersion) {
        Map<String, Object> data = new LinkedHashMap<>();
        suspects.forEach((key, since) -> data.put(key, since.toString()));
        return write(suspectsPath(), data, expectedVersion);
    }

    public String suspectsPath() {
        return statePath + "/orphan-suspects";
    }

    /** Reachability, for the readiness check: reads the allocation map (absent counts as reachable). */
    public void probe() {
        read(allocationsPath);
    }

    private Versioned<Map<String, Object>> read(String path) {
        return documents.read(path);
    }

    private boolean write(String path, Map<String, Object> data, int cas) {
        return documents.write(path, data, cas);
    }
}
