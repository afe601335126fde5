package pw.fullstack.ephemeral.provisioner.provisioning;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import pw.fullstack.ephemeral.contracts.InvalidInputException;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.json.EventJson;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;

/**
 * The labels and annotations that tie the objects on the tools cluster to the run that owns them,
 * and the run's IpAllocated kept beside them (JSON, no secrets in it) so that a restarted provisioner
 * or the hand-over to a reopened PR's run can render the objects again without the Kafka record.
 */
public final class RunAnnotations {

    private RunAnnotations() {
    }

    /** Everything a run's objects carry. */
    public static Map<String, String> forRun(String correlationId, String causeId, IpAllocated event, Instant started,
                                             Instant deadline) {
        Map<String, String> annotations = ownership(correlationId, causeId, event);
        annotations.put(ClusterLabels.REPOSITORY, event.pullRequest().repository().toString());
        annotations.put(ClusterLabels.PR_NUMBER, Integer.toString(event.pullRequest().number()));
        annotations.put(ClusterLabels.ADDRESSES, event.addresses().stream().map(Ipv4Address::toString)
                .collect(Collectors.joining(",")));
        annotations.put(ClusterLabels.DNS_NAME, event.dnsName());
        annotations.put(ClusterLabels.PROVISIONING_STARTED, started.toString());
        annotations.put(ClusterLabels.PROVISIONING_DEADLINE, deadline.toString());
        return annotations;
    }

    /** What changes when a newer run of the same PR adopts the live cluster. */
    public static Map<String, String> ownership(String correlationId, String causeId, IpAllocated event) {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ClusterLabels.CORRELATION_ID, correlationId);
        annotations.put(ClusterLabels.CAUSE_ID, causeId);
        annotations.put(ClusterLabels.OPENED_AT, event.openedAt().toString());
        annotations.put(ClusterLabels.IP_ALLOCATED, json(event));
        return annotations;
    }

    /**
     * What changes when a newer run adopts the live cluster: the owner, and a fresh provisioning
     * deadline for the readiness the new run waits for — the old one passed long ago, and one failed
     * check against it would declare the live cluster failed. The first apply's start stays: the
     * maximum lifetime counts from it.
     */
    public static Map<String, String> adoption(String correlationId, String causeId, IpAllocated event, Instant deadline) {
        Map<String, String> annotations = ownership(correlationId, causeId, event);
        annotations.put(ClusterLabels.PROVISIONING_DEADLINE, deadline.toString());
        return annotations;
    }

    /** A newer run waiting for the teardown to finish. */
    public static Map<String, String> successor(String correlationId, String causeId, IpAllocated event) {
        return Map.of(ClusterLabels.SUCCESSOR_CORRELATION_ID, correlationId,
                ClusterLabels.SUCCESSOR_CAUSE_ID, causeId,
                ClusterLabels.SUCCESSOR_IP_ALLOCATED, json(event));
    }

    public static Map<String, String> labels(IpAllocated event) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(ClusterLabels.EPHEMERAL, "true");
        labels.put(ClusterLabels.PR, Integer.toString(event.pullRequest().number()));
        labels.put(ClusterLabels.REPO, repoLabel(event.pullRequest().repository().name()));
        labels.put(ClusterLabels.MANAGED_BY, ClusterLabels.MANAGER);
        return labels;
    }

    /** The repository name as a label value: at most 63 characters, alphanumeric at both ends. */
    static String repoLabel(String repository) {
        String value = repository.length() > 63 ? repository.substring(0, 63) : repository;
        value = value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
        return value.isEmpty() ? "unnamed" : value;
    }

    /** The owning run's IpAllocated, if the objects carry a readable one. */
    public static Optional<IpAllocated> allocation(ClusterState state) {
        return state.annotation(ClusterLabels.IP_ALLOCATED).flatMap(RunAnnotations::parse);
    }

    /** The waiting successor's IpAllocated, if any. */
    public static Optional<IpAllocated> successorAllocation(ClusterState state) {
        return state.annotation(ClusterLabels.SUCCESSOR_IP_ALLOCATED).flatMap(RunAnnotations::parse);
    }

    private static String json(IpAllocated event) {
        try {
            return EventJson.mapper().writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an IpAllocated always serialises", e);
        }
    }

    private static Optional<IpAllocated> parse(String json) {
        try {
            return Optional.of(EventJson.mapper().readValue(json, IpAllocated.class));
        } catch (JsonProcessingException | InvalidInputException e) {
            return Optional.empty();
        }
    }
}
