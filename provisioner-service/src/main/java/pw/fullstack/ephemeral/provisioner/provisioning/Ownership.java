package pw.fullstack.ephemeral.provisioner.provisioning;

import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.DnsReleased;
import pw.fullstack.ephemeral.contracts.events.IpAllocated;
import pw.fullstack.ephemeral.contracts.events.PrClosed;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;
import pw.fullstack.ephemeral.contracts.saga.SagaRun;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;

/**
 * Who may act on a cluster, as pure functions of the event, what the tools cluster shows and
 * whether the event's run is remembered as ended. Run identity decides, never event times: the
 * cluster belongs to the run in its {@code correlation-id} annotation; a newer run of the same PR
 * ({@link SagaRun#supersedes}, GitHub's openedAt then the id) takes it over; every other run's
 * events are no-ops. Only namespaces this system created are touched.
 */
public final class Ownership {

    private Ownership() {
    }

    /** Whether the cluster's namespace exists and who made it; TERMINATING is ours, being deleted. */
    public enum Namespace { ABSENT, OURS, TERMINATING, FOREIGN }

    /** What to do with an IpAllocated. */
    public sealed interface OnAllocated {
    }

    /**
     * Refused: the event goes to the dead-letter topic with the reason, nothing on the tools cluster
     * is touched, and the run is compensated (ProvisioningFailed + ClusterDestroyed) so its addresses
     * come back.
     */
    public record Refuse(String reason) implements OnAllocated, OnTeardown {
    }

    /** A no-op, logged with the reason and counted under {@code metric}. */
    public record Ignore(String reason, String metric) implements OnAllocated, OnTeardown {
    }

    /** Apply the objects: nothing exists yet, or the run's own apply was interrupted. */
    public record Create() implements OnAllocated {
    }

    /** A reopened PR's new run takes over the live cluster from {@code previous}, which ends. */
    public record Adopt(SagaRun previous) implements OnAllocated {
    }

    /** The cluster is being torn down for {@code owner}: the new run gets a fresh one when that is over. */
    public record AwaitTeardown(SagaRun owner) implements OnAllocated {
    }

    /**
     * The cluster's namespace is being deleted (an ended run's teardown, or someone's {@code kubectl delete}):
     * nothing can be created in it and whatever is written on it goes with it. The run waits, remembered
     * outside the tools cluster, and is decided again once the namespace is gone.
     */
    public record AwaitNamespaceGone() implements OnAllocated {
    }

    public static OnAllocated onIpAllocated(String runId, IpAllocated event, ClusterNaming naming, Namespace namespace,
                                            Optional<ClusterState> observed, boolean runEnded) {
        SagaRun run = new SagaRun(runId, event.openedAt());
        if (!naming.agreesWith(event)) {
            return new Refuse(wrongName(event, naming));
        }
        if (runEnded) {
            return new Ignore("run " + runId + " has ended on this cluster: a replay", "ended-run");
        }
        if (namespace == Namespace.FOREIGN) {
            return new Refuse("namespace " + event.clusterName() + " exists and was not created by this system;"
                    + " it is left untouched");
        }
        if (namespace == Namespace.TERMINATING) {
            Optional<SagaRun> owner = observed.flatMap(ClusterState::owner);
            if (owner.isPresent() && !owner.get().id().equals(runId) && !run.supersedes(owner.get())) {
                return new Ignore("run " + run + " is older than run " + owner.get() + ", whose namespace is being deleted",
                        "other-saga");
            }
            return new AwaitNamespaceGone();
        }
        if (observed.isEmpty()) {
            return new Create();
        }
        ClusterState state = observed.get();
        Optional<SagaRun> owner = state.owner();
        if (owner.isEmpty() || state.ownedBy(runId)) {
            return state.clusterPresent() || state.teardownRequested()
                    ? new Ignore("run " + runId + " already applied", "duplicate")
                    : new Create();
        }
        if (state.successor().map(runId::equals).orElse(false)) {
            return new Ignore("run " + runId + " already waits for the teardown of run " + owner.get().id(), "duplicate");
        }
        if (!run.supersedes(owner.get())) {
            return new Ignore("run " + run + " is older than run " + owner.get() + ", which owns the cluster",
                    "other-saga");
        }
        if (!sameAddresses(state, event.addresses())) {
            return new Refuse("run " + runId + " was given " + event.addresses() + " but the live cluster of run "
                    + owner.get().id() + " has " + state.annotation(ClusterLabels.ADDRESSES).orElse("none")
                    + "; a newer run keeps its cluster's addresses, so the allocation map was changed by hand");
        }
        return state.teardownRequested() ? new AwaitTeardown(owner.get()) : new Adopt(owner.get());
    }

    /** What to do with ProvisioningFailed, InstallFailed or ClusterExpired. */
    public sealed interface OnTeardown {
    }

    /** Record the teardown on the objects and delete the Cluster. */
    public record TearDown() implements OnTeardown {
    }

    /**
     * Nothing exists on the tools cluster for a run that has not ended: there is nothing to delete,
     * so the cluster is destroyed already; report it so the run's addresses come back (the orphan path).
     */
    public record AlreadyGone() implements OnTeardown {
    }

    public static OnTeardown onTeardownRequest(String runId, LifecycleEvent event, ClusterNaming naming,
                                               Optional<ClusterState> observed, boolean runEnded) {
        if (observed.isEmpty()) {
            // Only a ClusterExpired acts where nothing exists (the orphan path); it must name the PR's cluster.
            if (!(event instanceof ClusterExpired)) {
                return new Ignore("no such managed cluster", "no-cluster");
            }
            if (!naming.agreesWith(event)) {
                return new Refuse(wrongName(event, naming));
            }
            return runEnded ? new Ignore("run " + runId + " has ended on this cluster: a replay", "ended-run")
                    : new AlreadyGone();
        }
        ClusterState state = observed.get();
        if (!state.ownedBy(runId)) {
            return new Ignore(event.type().eventName() + " of run " + runId + " ignored: the cluster belongs to run "
                    + state.owner().map(SagaRun::id).orElse("(none)"), "other-saga");
        }
        if (state.teardownRequested()) {
            return new Ignore("teardown already requested", "duplicate");
        }
        return new TearDown();
    }

    /**
     * Whether a PrClosed ends the run that waits for this cluster's teardown (its successor, a reopened
     * PR): then the successor gets no fresh cluster once the teardown is over. A close older than the
     * successor's open (a replay, the close that preceded the reopen) ends nothing; so does one whose
     * cluster name is not its PR's.
     */
    public static boolean endsWaitingSuccessor(PrClosed event, ClusterNaming naming, Optional<String> successor,
                                               Optional<IpAllocated> successorAllocation) {
        if (!naming.agreesWith(event) || successor.isEmpty() || successorAllocation.isEmpty()) {
            return false;
        }
        return new SagaRun(successor.get(), successorAllocation.get().openedAt()).endedByCloseAt(event.closedAt());
    }

    /** What to do with the installer's DnsReleased. */
    public sealed interface OnDnsReleased {
    }

    /** Record the release: the expiry of the owning run may delete the Cluster now. */
    public record RecordRelease() implements OnDnsReleased {
    }

    public record IgnoreRelease(String reason, String metric) implements OnDnsReleased {
    }

    public record RefuseRelease(String reason) implements OnDnsReleased {
    }

    /**
     * A DnsReleased acts only for the run that owns the cluster and only while that run's expiry waits
     * for it; anything else (another run's, a replay after the Cluster is gone, a duplicate) is a no-op.
     * One whose cluster name is not its PR's is refused.
     */
    public static OnDnsReleased onDnsReleased(String runId, DnsReleased event, ClusterNaming naming,
                                              Optional<ClusterState> observed) {
        if (!naming.agreesWith(event)) {
            return new RefuseRelease(wrongName(event, naming));
        }
        if (observed.isEmpty()) {
            return new IgnoreRelease("no such managed cluster", "no-cluster");
        }
        ClusterState state = observed.get();
        if (!state.ownedBy(runId)) {
            return new IgnoreRelease("DnsReleased of run " + runId + " ignored: the cluster belongs to run "
                    + state.owner().map(SagaRun::id).orElse("(none)"), "other-saga");
        }
        if (state.annotation(ClusterLabels.DNS_RELEASED).isPresent()) {
            return new IgnoreRelease("DNS release already recorded", "duplicate");
        }
        if (state.annotation(ClusterLabels.DNS_RELEASE_DEADLINE).isEmpty()) {
            return new IgnoreRelease("no expiry waits for a DNS release", "not-awaited");
        }
        return new RecordRelease();
    }

    private static String wrongName(LifecycleEvent event, ClusterNaming naming) {
        return naming.disagreement(event).orElse("names disagree") + ": refused, nothing touched";
    }

    private static boolean sameAddresses(ClusterState state, List<Ipv4Address> addresses) {
        return state.annotation(ClusterLabels.ADDRESSES)
                .map(a -> a.equals(String.join(",", addresses.stream().map(Ipv4Address::toString).toList())))
                .orElse(true);
    }
}
