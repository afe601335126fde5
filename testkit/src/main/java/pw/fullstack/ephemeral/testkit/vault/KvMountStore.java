package pw.fullstack.ephemeral.testkit.vault;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The keys of one KV v2 mount. Every operation holds the mount's lock, so a check-and-set
 * compares and writes atomically and versions of a key increase by exactly one.
 */
final class KvMountStore {

    private final KvMount mount;
    private final Clock clock;
    private final Map<String, KvSecret> secrets = new HashMap<>();

    KvMountStore(KvMount mount, Clock clock) {
        this.mount = mount;
        this.clock = clock;
    }

    KvMount mount() {
        return mount;
    }

    /**
     * @param cas {@code null} for an unconditional write; 0 for create-only; N to require that N is
     *            the current version
     */
    synchronized SecretVersion write(String path, Integer cas, Map<String, Object> data) {
        return write(path, cas, data, mount.casRequired());
    }

    synchronized SecretVersion write(String path, Integer cas, Map<String, Object> data, boolean casRequired) {
        KvSecret secret = secrets.get(path);
        int current = secret == null ? 0 : secret.currentVersion();
        if (cas == null && casRequired) {
            throw VaultRequestRejected.badRequest(VaultRequestRejected.CAS_REQUIRED);
        }
        if (cas != null && cas != current) {
            throw VaultRequestRejected.badRequest(VaultRequestRejected.CAS_MISMATCH);
        }
        Instant now = clock.instant();
        if (secret == null) {
            secret = new KvSecret(now);
            secrets.put(path, secret);
        }
        return secret.addVersion(data, now, mount.maxVersions());
    }

    /** @param version 0 for the latest */
    synchronized Optional<SecretVersion> read(String path, int version) {
        return Optional.ofNullable(secrets.get(path)).flatMap(secret -> secret.version(version));
    }

    synchronized int currentVersion(String path) {
        KvSecret secret = secrets.get(path);
        return secret == null ? 0 : secret.currentVersion();
    }

    synchronized void softDeleteLatest(String path) {
        KvSecret secret = secrets.get(path);
        if (secret != null) {
            secret.softDeleteLatest(clock.instant());
        }
    }

    synchronized Optional<Map<String, Object>> metadata(String path) {
        return Optional.ofNullable(secrets.get(path)).map(secret -> secret.wireMetadata(mount));
    }

    synchronized void deleteMetadataAndAllVersions(String path) {
        secrets.remove(path);
    }

    /** Direct children of a folder: keys as is, sub-folders with a trailing slash, sorted. */
    synchronized List<String> list(String folder) {
        String prefix = folder.isEmpty() ? "" : folder + "/";
        TreeSet<String> children = new TreeSet<>();
        for (String key : secrets.keySet()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int slash = rest.indexOf('/');
                children.add(slash < 0 ? rest : rest.substring(0, slash + 1));
            }
        }
        return List.copyOf(children);
    }
}
