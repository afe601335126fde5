package pw.fullstack.ephemeral.reaper.vault;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import pw.fullstack.ephemeral.reaper.expiry.AllocatorRecord;
import pw.fullstack.ephemeral.reaper.expiry.Allocations;
import pw.fullstack.ephemeral.reaper.history.PrHistory;

/**
 * The reaper's view of Vault KV v2, through quarkus-vault's low-level client. Blocking: call from a
 * worker thread.
 *
 * <ul>
 *   <li>read only, the allocator's: {@code <allocations-path>} (the seed's map) and
 *       {@code <allocator-records-path>/<cluster>};</li>
 *   <li>the reaper's own, written with check-and-set: {@code <state-path>/prs/<cluster>}
 *       ({@link PrHistory}) and {@code <state-path>/orphan-suspects} (suspicion key → first seen).</li>
 * </ul>
 */
public class ReaperVault {

    private static final String CAS_MISMATCH = "check-and-set";

    private final VaultClient client;
    private final String mount;
    private final String allocationsPath;
    private final String allocatorRecordsPath;
    private final String statePath;
    private final Duration timeout;

    public ReaperVault(VaultClient client, String mount, String allocationsPath, String allocatorRecordsPath,
                       String statePath, Duration timeout) {
        this.client = client;
        this.mount = mount;
        this.allocationsPath = allocationsPath;
        this.allocatorRecordsPath = allocatorRecordsPath;
        this.statePath = statePath;
        this.timeout = timeout;
    }

    public String allocationsPath() {
        return mount + "/" + allocationsPath;
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
            await(kv().updateSecret(path, new VaultSecretsKV2UpdateSecretOptions().setCas(cas), data), "write " + path);
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
            while (cause instanceof CompletionException && cause.getCause() != null) {
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

    private static VaultUnavailableException unavailable(String what, Throwable cause) {
        String detail = cause instanceof VaultClientException vce ? "status " + vce.getStatus() + " " + vce.getErrors()
                : String.valueOf(cause);
        return new VaultUnavailableException("Vault " + what + " failed: " + detail, cause);
    }
}
