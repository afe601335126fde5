package pw.fullstack.ephemeral.reaper.expiry;

import java.time.Instant;
import java.util.Map;
import pw.fullstack.ephemeral.reaper.tools.ClusterAnnotations;

/**
 * A Cluster API {@code Cluster} on the tools cluster as read, labels and annotations unparsed (the
 * decisions parse them, so a hand-edited value is a decision with evidence, not a crash).
 *
 * @param createdAt {@code metadata.creationTimestamp}
 * @param deleting  {@code metadata.deletionTimestamp} is set
 */
public record ObservedCluster(String name, String namespace, Map<String, String> labels, Map<String, String> annotations,
                              Instant createdAt, boolean deleting) {

    public ObservedCluster {
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    /** Labelled as this system's: {@code ephemeral=true} and managed by the provisioner. */
    public boolean ours() {
        return "true".equals(labels.get(ClusterAnnotations.EPHEMERAL))
                && ClusterAnnotations.MANAGER.equals(labels.get(ClusterAnnotations.MANAGED_BY));
    }

    public String annotation(String key) {
        String value = annotations.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
