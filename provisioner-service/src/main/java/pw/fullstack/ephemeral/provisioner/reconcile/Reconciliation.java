package pw.fullstack.ephemeral.provisioner.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.Condition;

/**
 * The provisioner's decisions, as a pure function of the observed state, the policy and the time.
 * Order matters: a teardown overrides everything (ClusterExpired in mid-provisioning cancels the
 * wait); a reported failure leads to teardown; readiness is checked before the deadline so a
 * cluster that became ready just in time is not failed.
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    public static Step decide(ClusterState state, ReadinessPolicy policy, Instant now) {
        if (state.namespaceTerminating() && !state.teardownRequested()) {
            return new Step.RecordForeignDeletion();
        }
        if (state.teardownRequested()) {
            if (!state.clusterPresent()) {
                return new Step.FinishTeardown();
            }
            if (!state.clusterDeleting()) {
                Optional<Instant> awaited = state.dnsReleaseAwaitedUntil();
                if (awaited.isPresent() && now.isBefore(awaited.get())) {
                    return new Step.AwaitDnsRelease(awaited.get());
                }
                return new Step.DeleteCluster();
            }
            Instant due = state.deletionDueAt().orElse(now);
            return new Step.AwaitDeletion(now.isAfter(due.plus(policy.teardownStuckAfter())));
        }
        if (state.readyReported()) {
            return new Step.Wait("ready reported");
        }
        if (!state.clusterPresent()) {
            // Namespace without Cluster and no teardown: an interrupted apply, or a run that took the
            // namespace over; without the run's IpAllocated there is nothing to apply from.
            if (state.annotation(ClusterLabels.IP_ALLOCATED).isEmpty()) {
                return new Step.FailProvisioning("the Cluster object is missing from the tools cluster", List.of());
            }
            // An apply the tools cluster keeps refusing (admission, quota, an API version it does not
            // serve) must not loop for ever: it has the same deadline as a cluster that never gets ready.
            Optional<Instant> deadline = state.instant(ClusterLabels.PROVISIONING_DEADLINE);
            if (deadline.isPresent() && !now.isBefore(deadline.get())) {
                return new Step.FailProvisioning("the Cluster API objects could not be created before the deadline "
                        + deadline.get() + " (the tools cluster kept refusing or failing the apply; the provisioner's log"
                        + " has each refusal)", List.of());
            }
            return new Step.ApplyObjects();
        }
        List<String> described = state.conditions().stream().map(Condition::describe).toList();
        if (state.providerFailure().isPresent()) {
            return new Step.FailProvisioning("the provider reported a failure: " + state.providerFailure().get(), described);
        }
        if (conditionsMet(state.conditions(), policy.readyConditions())) {
            return new Step.ProbeAndReport();
        }
        Optional<Instant> deadline = state.instant(ClusterLabels.PROVISIONING_DEADLINE);
        if (deadline.isPresent() && !now.isBefore(deadline.get())) {
            Optional<Instant> started = state.instant(ClusterLabels.PROVISIONING_STARTED);
            String after = started.map(s -> " after " + minutes(Duration.between(s, deadline.get()))).orElse("");
            return new Step.FailProvisioning("not ready" + after + " (deadline " + deadline.get() + ")", described);
        }
        if (deadline.isEmpty()) {
            return new Step.FailProvisioning("no provisioning deadline annotated", described);
        }
        return new Step.Wait("waiting for " + String.join(", ", policy.readyConditions()));
    }

    /**
     * Until when a teardown asked for by {@code event} waits for the installer's DnsReleased before the
     * Cluster is deleted: only an expiry of a cluster that was reported ready waits (the installer may
     * have published its DNS record; an InstallFailed comes after the installer removed it, a cluster
     * never reported ready has none), and not at all when the timeout is zero.
     */
    public static Optional<Instant> dnsReleaseDeadline(ClusterState state, LifecycleEvent event, Duration timeout,
                                                       Instant now) {
        if (!(event instanceof ClusterExpired) || !state.readyReported() || !state.clusterPresent()
                || timeout.isZero() || timeout.isNegative()) {
            return Optional.empty();
        }
        return Optional.of(now.plus(timeout));
    }

    /** The deadline passed while the conditions were met but the remote probe did not succeed. */
    public static boolean deadlinePassed(ClusterState state, Instant now) {
        return state.instant(ClusterLabels.PROVISIONING_DEADLINE).map(d -> !now.isBefore(d)).orElse(true);
    }

    static boolean conditionsMet(List<Condition> conditions, List<String> required) {
        return required.stream().allMatch(type -> conditions.stream().anyMatch(c -> c.type().equals(type) && c.isTrue()));
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes >= 1 ? minutes + " minute" + (minutes == 1 ? "" : "s") : duration.toSeconds() + " seconds";
    }
}
