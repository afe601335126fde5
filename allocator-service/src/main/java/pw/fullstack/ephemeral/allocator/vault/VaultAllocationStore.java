package pw.fullstack.ephemeral.allocator.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import pw.fullstack.ephemeral.allocator.allocation.AllocationMap;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.AllocationStore;
import pw.fullstack.ephemeral.allocator.allocation.ClusterRecord;
import pw.fullstack.ephemeral.allocator.allocation.StoreUnavailableException;
import pw.fullstack.ephemeral.allocator.allocation.Versioned;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;

/**
 * The allocator's documents in Vault KV v2, through quarkus-vault's low-level client. Every write
 * carries {@code cas}: the version read (0 = create only). Blocking: call from a worker thread.
 *
 * <ul>
 *   <li>{@code <mount>/<allocations-path>}: the allocation map, seed format;</li>
 *   <li>{@code <mount>/<state-path>/queue}: {@code {"entries": [...]}}, the FIFO wait queue;</li>
 *   <li>{@code <mount>/<state-path>/clusters/<cluster>}: saga run, since, addresses, PR, tombstone.</li>
 * </ul>
 */
public class VaultAllocationStore implements AllocationStore {

    private static final String CAS_MISMATCH = "check-and-set";

    private final VaultClient client;
    private final String mount;
    private final String allocationsPath;
    private final String statePath;
    private final Duration timeout;

    public VaultAllocationStore(VaultClient client, String mount, String allocationsPath, String statePath,
                                Duration timeout) {
        this.client = client;
        this.mount = mount;
        this.allocationsPath = allocationsPath;
        this.statePath = statePath;
        this.timeout = timeout;
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
        return mount + "/" + path;
    }

    private VaultSecretsKV2 kv() {
        return client.secrets().kv2(mount);
    }

    private Versioned<Map<String, Object>> read(String path) {
        try {
            VaultSecretsKV2ReadSecretData data = await(kv().readSecret(path), "read " + path);
            Integer version = data.getMetadata() == null ? null : data.getMetadata().getVersion();
            return new Versioned<>(data.getData(), version == null ? 0 : version);
        } catch (VaultClientException e) {
            if (e.getStatus() != null && e.getStatus() == 404) {
                return new Versioned<>(null, 0);
            }
            throw unavailable("read " + path, e);
        }
    }

    private boolean write(String path, Map<String, Object> data, int cas) {
        try {
            await(kv().updateSecret(path, new VaultSecretsKV2UpdateSecretOptions().setCas(cas), data),
                    "write " + path);
            return true;
        } catch (VaultClientException e) {
            if (e.getStatus() != null && e.getStatus() == 400 && e.hasErrorContaining(CAS_MISMATCH)) {
                return false;
            }
            throw unavailable("write " + path, e);
        }
    }

    private <T> T await(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            if (cause instanceof VaultClientException vce) {
                throw vce;
            }
            throw unavailable(what, cause);
        } catch (TimeoutException e) {
            throw unavailable(what + " (no answer within " + timeout + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(what + " (interrupted)", e);
        }
    }

    private StoreUnavailableException unavailable(String what, Throwable cause) {
        String detail = cause instanceof VaultClientException vce
                ? "status " + vce.getStatus() + " " + vce.getErrors()
                : String.valueOf(cause);
        return new StoreUnavailableException("Vault " + what + " failed: " + detail, cause);
    }
}
