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
    /** The mount's {@code config}: {@code cas_required} and {@code max_versions}, as {@code POST <mount>/config} sets them. */
    private boolean casRequired;
    private int maxVersions;

    KvMountStore(KvMount mount, Clock clock) {
        this.mount = mount;
        this.clock = clock;
        this.casRequired = mount.casRequired();
        this.maxVersions = mount.maxVersions();
    }

    KvMount mount() {
        return mount;
    }

    /**
     * @param cas {@code null} for an unconditional write; 0 for create-only; N to require that N is
     *            the current version
     */
    synchronized SecretVersion write(String path, Integer cas, Map<String, Object> data) {
        return write(path, cas, data, true);
    }

    /**
     * @param enforceCasRequired false only to seed a test's state; otherwise a write without {@code cas} is refused
     *                           when the mount's config or the key's metadata says {@code cas_required}, as Vault does
     */
    synchronized SecretVersion write(String path, Integer cas, Map<String, Object> data, boolean enforceCasRequired) {
        KvSecret secret = secrets.get(path);
        int current = secret == null ? 0 : secret.currentVersion();
        boolean casRequiredHere = casRequired || (secret != null && secret.casRequired());
        if (cas == null && enforceCasRequired && casRequiredHere) {
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
        return secret.addVersion(data, now, maxVersions);
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
        return Optional.ofNullable(secrets.get(path)).map(KvSecret::wireMetadata);
    }

    /**
     * {@code POST <mount>/metadata/<key>}: sets the key's {@code cas_required} and {@code max_versions} (a {@code null}
     * keeps the value), creating the key without any version when it does not exist yet, as {@code vault kv metadata put}
     * does before the first write.
     */
    synchronized void writeMetadata(String path, Boolean casRequired, Integer maxVersions) {
        Instant now = clock.instant();
        secrets.computeIfAbsent(path, absent -> new KvSecret(now)).configure(casRequired, maxVersions, now);
    }

    /** {@code POST <mount>/config}; a {@code null} keeps the value. */
    synchronized void configure(Boolean casRequired, Integer maxVersions) {
        if (casRequired != null) {
            this.casRequired = casRequired;
        }
        if (maxVersions != null) {
            this.maxVersions = maxVersions;
        }
    }

    /** {@code GET <mount>/config}'s data. */
    synchronized Map<String, Object> wireConfig() {
        Map<String, Object> config = new java.util.LinkedHashMap<>();
        config.put("cas_required", casRequired);
        config.put("delete_version_after", "0s");
        config.put("max_versions", maxVersions);
        return config;
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
