package pw.fullstack.ephemeral.installer.install;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.json.EventJson;

/**
 * One managed Cluster as the installer reads it from the tools cluster: its name, the run that owns
 * it (the provisioner's annotation) and the installer's own annotations.
 */
public record Installation(String name, Map<String, String> annotations) {

    public Installation {
        // a key removed by a merge patch (sent as null) may come back as null from some servers' stores
        annotations = annotations.entrySet().stream().filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key)).filter(v -> !v.isBlank());
    }

    public Optional<Instant> instant(String key) {
        try {
            return annotation(key).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The run that owns the cluster (the provisioner's {@code correlation-id}). */
    public Optional<String> owner() {
        return annotation(InstallAnnotations.OWNER);
    }

    /** The run the installer's state belongs to. */
    public Optional<String> run() {
        return annotation(InstallAnnotations.RUN);
    }

    public Optional<InstallStep> step() {
        return annotation(InstallAnnotations.STEP).flatMap(InstallStep::of);
    }

    public boolean reported() {
        return annotation(InstallAnnotations.REPORTED).isPresent();
    }

    /** Whether the installer's state belongs to the run that owns the cluster now. */
    public boolean forOwner() {
        return run().isPresent() && run().equals(owner());
    }

    public Optional<ClusterReady> clusterReady() {
        return annotation(InstallAnnotations.CLUSTER_READY).flatMap(json -> {
            try {
                return Optional.of(EventJson.mapper().readValue(json, ClusterReady.class));
            } catch (JsonProcessingException | InvalidInputException e) {
                return Optional.empty();
            }
        });
    }

    public Optional<Instant> deadline() {
        return instant(InstallAnnotations.DEADLINE);
    }
}
