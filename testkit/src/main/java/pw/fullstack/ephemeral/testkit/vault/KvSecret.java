package pw.fullstack.ephemeral.testkit.vault;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** All versions of one key. Not thread-safe: its {@link KvMountStore} serialises access. */
final class KvSecret {

    private final TreeMap<Integer, SecretVersion> versions = new TreeMap<>();
    private final Instant createdAt;
    private Instant updatedAt;
    private int currentVersion;
    /** The key's own {@code cas_required}: with the mount's, either one makes a write without {@code cas} refused. */
    private boolean casRequired;
    /** The key's own {@code max_versions}; 0 = the mount's. */
    private int maxVersions;

    KvSecret(Instant createdAt) {
        this.createdAt = createdAt;
        this.updatedAt = createdAt;
    }

    int currentVersion() {
        return currentVersion;
    }

    boolean casRequired() {
        return casRequired;
    }

    /** What {@code POST <mount>/metadata/<key>} sets; a parameter not given ({@code null}) keeps its value. */
    void configure(Boolean casRequired, Integer maxVersions, Instant now) {
        if (casRequired != null) {
            this.casRequired = casRequired;
        }
        if (maxVersions != null) {
            this.maxVersions = maxVersions;
        }
        updatedAt = now;
    }

    /** @param mountMaxVersions the mount's; the larger of it and the key's own applies, as in Vault */
    SecretVersion addVersion(Map<String, Object> data, Instant now, int mountMaxVersions) {
        int larger = Math.max(maxVersions, mountMaxVersions);
        int kept = larger > 0 ? larger : KvMount.VAULT_DEFAULT_MAX_VERSIONS;
        currentVersion++;
        SecretVersion added = new SecretVersion(currentVersion, Collections.unmodifiableMap(new LinkedHashMap<>(data)), now, null);
        versions.put(currentVersion, added);
        while (versions.size() > kept) {
            versions.pollFirstEntry();
        }
        updatedAt = now;
        return added;
    }

    Optional<SecretVersion> version(int version) {
        return Optional.ofNullable(versions.get(version == 0 ? currentVersion : version));
    }

    void softDeleteLatest(Instant now) {
        versions.computeIfPresent(currentVersion, (v, secretVersion) -> secretVersion.softDeleted(now));
        updatedAt = now;
    }

    Map<String, Object> wireMetadata() {
        Map<String, Object> wireVersions = new LinkedHashMap<>();
        versions.forEach((number, version) -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("created_time", version.createdAt().toString());
            entry.put("deletion_time", version.isDeleted() ? version.deletedAt().toString() : "");
            entry.put("destroyed", false);
            wireVersions.put(String.valueOf(number), entry);
        });
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("cas_required", casRequired);
        metadata.put("created_time", createdAt.toString());
        metadata.put("current_version", currentVersion);
        metadata.put("custom_metadata", null);
        metadata.put("delete_version_after", "0s");
        metadata.put("max_versions", maxVersions);
        metadata.put("oldest_version", versions.isEmpty() ? 0 : versions.firstKey());
        metadata.put("updated_time", updatedAt.toString());
        metadata.put("versions", wireVersions);
        return metadata;
    }
}
