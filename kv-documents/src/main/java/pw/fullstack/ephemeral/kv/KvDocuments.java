package pw.fullstack.ephemeral.kv;

import io.quarkus.vault.client.VaultClient;
import io.quarkus.vault.client.VaultClientException;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2ReadSecretData;
import io.quarkus.vault.client.api.secrets.kv2.VaultSecretsKV2UpdateSecretOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A service's documents in one Vault KV v2 mount, through quarkus-vault's low-level client, with one
 * rule for every outcome:
 *
 * <ul>
 *   <li><b>absent</b>: a read (or list, or destroy) answered 404 — {@code Versioned(null, 0)}, an empty
 *       list, nothing to do. A soft-deleted latest version answers 404 too and reads the same.</li>
 *   <li><b>conflict</b>: a check-and-set write found another version (Vault: 400, error containing
 *       {@code check-and-set}) — {@link #write} returns false; the caller reads again and decides again.</li>
 *   <li><b>unavailable</b>: every other failure, no answer within the timeout, an interrupted wait —
 *       {@link VaultUnavailableException} naming the operation, the path and Vault's status and errors
 *       (or the cause). Transient: callers retry without limit.</li>
 * </ul>
 *
 * A document that reads but cannot be understood (<b>malformed</b>) is the caller's verdict, not this
 * class's: it is refused, never retried into success and never "repaired" by a write.
 *
 * <p>Blocking: every call waits at most {@code timeout} for quarkus-vault's answer; call from a worker thread.
 */
public class KvDocuments {

    /** What Vault's 400 says when a write's {@code cas} is not the current version. */
    static final String CAS_MISMATCH = "check-and-set";

    private final VaultClient client;
    private final String mount;
    private final Duration timeout;

    public KvDocuments(VaultClient client, String mount, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.mount = Objects.requireNonNull(mount, "mount");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Vault timeout must be positive: " + timeout);
        }
    }

    /** The KV v2 mount the paths are relative to. */
    public String mount() {
        return mount;
    }

    /** The document's name in logs, health and dead-letter reasons: {@code <mount>/<path>}. */
    public String document(String path) {
        return mount + "/" + path;
    }

    /**
     * The latest version of the document at {@code path}.
     *
     * @return the data and its version; {@code Versioned(null, 0)} when absent (or its latest version is soft-deleted)
     * @throws VaultUnavailableException on any other failure
     */
    public Versioned<Map<String, Object>> read(String path) {
        try {
            VaultSecretsKV2ReadSecretData data = await(kv().readSecret(path), "read " + path);
            Integer version = data.getMetadata() == null ? null : data.getMetadata().getVersion();
            return new Versioned<>(data.getData(), version == null ? 0 : version);
        } catch (VaultClientException e) {
            if (isNotFound(e)) {
                return new Versioned<>(null, 0);
            }
            throw unavailable("read " + path, e);
        }
    }

    /**
     * Writes a new version of the document with check-and-set.
     *
     * @param cas the version read ({@link Versioned#version()}); 0 = create only
     * @return true when written; false when the document is no longer at {@code cas} (nothing was written:
     *         read again and decide again)
     * @throws VaultUnavailableException on any other failure
     */
    public boolean write(String path, Map<String, Object> data, int cas) {
        try {
            await(kv().updateSecret(path, new VaultSecretsKV2UpdateSecretOptions().setCas(cas), data), "write " + path);
            return true;
        } catch (VaultClientException e) {
            if (isCasMismatch(e)) {
                return false;
            }
            throw unavailable("write " + path, e);
        }
    }

    /**
     * Writes a new version of the document whatever the current one is (no {@code cas}): only for a
     * document with one writer whose last write is the right one (a kubeconfig). Every document that is
     * read, changed and written back goes through {@link #write} instead.
     *
     * @throws VaultUnavailableException on any failure (a mount with {@code cas_required} refuses it)
     */
    public void overwrite(String path, Map<String, Object> data) {
        try {
            await(kv().updateSecret(path, new VaultSecretsKV2UpdateSecretOptions(), data), "write " + path);
        } catch (VaultClientException e) {
            throw unavailable("write " + path, e);
        }
    }

    /**
     * Deletes every version of the document and its metadata; an absent document is fine.
     *
     * @throws VaultUnavailableException on any other failure
     */
    public void destroy(String path) {
        try {
            await(kv().deleteSecretMetadata(path), "destroy " + path);
        } catch (VaultClientException e) {
            if (!isNotFound(e)) {
                throw unavailable("destroy " + path, e);
            }
        }
    }

    /**
     * The keys directly under {@code folder} (KV v2 metadata LIST): documents by name, sub-folders with
     * a trailing {@code /}.
     *
     * @return empty when the folder does not exist
     * @throws VaultUnavailableException on any other failure
     */
    public List<String> list(String folder) {
        try {
            List<String> keys = await(kv().listSecrets(folder), "list " + folder);
            return keys == null ? List.of() : List.copyOf(keys);
        } catch (VaultClientException e) {
            if (isNotFound(e)) {
                return List.of();
            }
            throw unavailable("list " + folder, e);
        }
    }

    private VaultSecretsKV2 kv() {
        return client.secrets().kv2(mount);
    }

    private static boolean isNotFound(VaultClientException e) {
        return e.getStatus() != null && e.getStatus() == 404;
    }

    private static boolean isCasMismatch(VaultClientException e) {
        return e.getStatus() != null && e.getStatus() == 400 && e.hasErrorContaining(CAS_MISMATCH);
    }

    /** Waits at most {@code timeout}; Vault's own answer comes out as a {@link VaultClientException}. */
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
        String detail = cause instanceof VaultClientException vce
                ? "status " + vce.getStatus() + " " + vce.getErrors()
                : String.valueOf(cause);
        return new VaultUnavailableException("Vault " + what + " failed: " + detail, cause);
    }
}
