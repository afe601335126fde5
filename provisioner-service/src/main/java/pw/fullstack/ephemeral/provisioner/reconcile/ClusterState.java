package pw.fullstack.ephemeral.provisioner.reconcile;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.Condition;

/**
 * What the tools cluster says about one managed cluster: the annotations (from the Namespace,
 * which outlives the Cluster during teardown; the Cluster's own when the Namespace has none) and
 * the Cluster object's status, if it still exists.
 *
 * @param clusterPresent  the Cluster object exists (possibly being deleted)
 * @param clusterDeleting the Cluster has a deletionTimestamp
 * @param providerFailure a failure the provider reported (status.phase Failed, failureReason/Message), if any
 * @param namespaceTerminating the Namespace has a deletionTimestamp: nothing can be created in it, and it goes,
 *                             with its annotations, once its contents are gone
 */
public record ClusterState(String name, Map<String, String> annotations, boolean clusterPresent,
                          boolean clusterDeleting, List<Condition> conditions, Optional<String> providerFailure,
                          boolean namespaceTerminating) {

    public ClusterState {
        annotations = Map.copyOf(annotations);
        conditions = List.copyOf(conditions);
    }

    /** A state whose namespace is not being deleted. */
    public ClusterState(String name, Map<String, String> annotations, boolean clusterPresent, boolean clusterDeleting,
                        List<Condition> conditions, Optional<String> providerFailure) {
        this(name, annotations, clusterPresent, clusterDeleting, conditions, providerFailure, false);
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

    public boolean readyReported() {
        return annotation(ClusterLabels.READY_REPORTED).isPresent();
    }

    public boolean failureReported() {
        return annotation(ClusterLabels.FAILURE_REPORTED).isPresent();
    }

    public boolean teardownRequested() {
        return annotation(ClusterLabels.TEARDOWN_REASON).isPresent();
    }

    /** Whether an expiry still waits for the installer's DnsReleased (and until when). */
    public Optional<Instant> dnsReleaseAwaitedUntil() {
        return instant(ClusterLabels.DNS_RELEASE_DEADLINE).filter(d -> annotation(ClusterLabels.DNS_RELEASED).isEmpty());
    }

    /**
     * When the Cluster's deletion was due: the teardown request, or, for an expiry that waited for the
     * DNS release, when the release arrived or the wait ran out. A teardown counts as stuck from here.
     */
    public Optional<Instant> deletionDueAt() {
        Optional<Instant> requested = instant(ClusterLabels.TEARDOWN_REQUESTED);
        Optional<Instant> deadline = instant(ClusterLabels.DNS_RELEASE_DEADLINE);
        if (deadline.isEmpty()) {
            return requested;
        }
        Optional<Instant> released = instant(ClusterLabels.DNS_RELEASED);
        return Optional.of(released.filter(r -> r.isBefore(deadline.get())).orElse(deadline.get()));
    }

    /** The run that owns the cluster (an object without an opened-at annotation sorts first). */
    public Optional<SagaRun> owner() {
        return annotation(ClusterLabels.CORRELATION_ID)
                .map(id -> new SagaRun(id, instant(ClusterLabels.OPENED_AT).orElse(Instant.EPOCH)));
    }

    public boolean ownedBy(String runId) {
        return annotation(ClusterLabels.CORRELATION_ID).map(runId::equals).orElse(false);
    }

    /** A newer run waiting for this cluster's teardown, if any. */
    public Optional<String> successor() {
        return annotation(ClusterLabels.SUCCESSOR_CORRELATION_ID);
    }
}
