package pw.fullstack.ephemeral.sandbox.bench;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterReady;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.PhasesInstalled;
import pw.fullstack.ephemeral.contracts.events.PrOpened;
import pw.fullstack.ephemeral.testkit.kubernetes.RequestJournal;

/**
 * The milestones of the runs started while it listens, from the lifecycle events' own {@code time} (set by the
 * service that emitted each one), plus when the provisioner's Cluster API objects reached the tools API (its
 * journal). Runs whose PrOpened it did not see are ignored: the warm-up's late events do not count.
 */
public final class MilestoneLog implements Consumer<EventEnvelope<LifecycleEvent>> {

    /** What the provisioner applies for a run (the cluster-api template's kinds, in the run's namespace). */
    static final Set<String> CLUSTER_API_KINDS = Set.of("Cluster", "ProxmoxCluster", "KThreesControlPlane",
            "ProxmoxMachineTemplate");

    private final Map<String, RunTimeline> runs = new ConcurrentHashMap<>();

    @Override
    public void accept(EventEnvelope<LifecycleEvent> envelope) {
        LifecycleEvent event = envelope.data();
        Instant at = envelope.time().toInstant();
        if (event instanceof PrOpened opened) {
            runs.putIfAbsent(envelope.correlationId(), RunTimeline.of(envelope.correlationId(), opened.clusterName().value())
                    .reached(Milestone.PR_OPENED, at));
            return;
        }
        milestoneOf(event).ifPresent(milestone -> runs.computeIfPresent(envelope.correlationId(),
                (id, run) -> run.reached(milestone, at)));
    }

    /** The milestone an event marks, if any. */
    static Optional<Milestone> milestoneOf(LifecycleEvent event) {
        if (event instanceof PrOpened) {
            return Optional.of(Milestone.PR_OPENED);
        } else if (event instanceof IpAllocated) {
            return Optional.of(Milestone.IP_ALLOCATED);
        } else if (event instanceof ClusterReady) {
            return Optional.of(Milestone.CLUSTER_READY);
        } else if (event instanceof PhasesInstalled) {
            return Optional.of(Milestone.PHASES_INSTALLED);
        }
        return Optional.empty();
    }

    /** The runs so far, each with its Cluster API objects' apply time taken from the tools API's journal. */
    public List<RunTimeline> timelines(List<RequestJournal.Entry> toolsJournal) {
        return runs.values().stream().map(run -> clusterApiApplied(toolsJournal, run.clusterName(), run)
                .map(at -> run.reached(Milestone.CLUSTER_API_APPLIED, at)).orElse(run)).toList();
    }

    /**
     * When the last of the run's Cluster API objects was created on the tools API: the latest successful create of
     * one of {@link #CLUSTER_API_KINDS} in the cluster's namespace, after the run's IpAllocated and before its
     * ClusterReady (an earlier run's objects of the same PR do not count).
     */
    static Optional<Instant> clusterApiApplied(List<RequestJournal.Entry> journal, String clusterName, RunTimeline run) {
        Instant after = run.at().get(Milestone.IP_ALLOCATED);
        Instant before = run.at().get(Milestone.CLUSTER_READY);
        if (after == null) {
            return Optional.empty();
        }
        return journal.stream()
                .filter(e -> e.verb() == RequestJournal.Verb.CREATE && e.succeeded() && e.subresource() == null)
                .filter(e -> clusterName.equals(e.namespace()) && CLUSTER_API_KINDS.contains(e.kind()))
                .map(RequestJournal.Entry::at)
                .filter(at -> !at.isBefore(after) && (before == null || !at.isAfter(before)))
                .max(Instant::compareTo);
    }
}
