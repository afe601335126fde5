package pw.fullstack.ephemeral.testkit.vault;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** One version of a KV v2 secret; {@code deletedAt} is set by a soft delete. */
record SecretVersion(int version, Map<String, Object> data, Instant createdAt, Instant deletedAt) {

    boolean isDeleted() {
        return deletedAt != null;
    }

    SecretVersion softDeleted(Instant when) {
        return isDeleted() ? this : new SecretVersion(version, data, createdAt, when);
    }

    /** The {@code metadata} object Vault puts beside {@code data} on a read, and under {@code data} on a write. */
    Map<String, Object> wireMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("created_time", createdAt.toString());
        metadata.put("custom_metadata", null);
        metadata.put("deletion_time", isDeleted() ? deletedAt.toString() : "");
        metadata.put("destroyed", false);
        metadata.put("version", version);
        return metadata;
    }
}
