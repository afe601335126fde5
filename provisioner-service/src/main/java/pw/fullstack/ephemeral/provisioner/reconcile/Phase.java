package pw.fullstack.ephemeral.provisioner.reconcile;

import java.time.Duration;
import java.time.Instant;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;

/** Where a managed cluster is in its life, as shown by GET /clusters and the clusters-by-phase gauge. */
public enum Phase {
    PROVISIONING, READY, TEARING_DOWN, TEARDOWN_STUCK;

    public static Phase of(ClusterState state, Instant now, Duration teardownStuckAfter) {
        if (state.teardownRequested()) {
            Instant due = state.deletionDueAt().orElse(now);
            return state.clusterPresent() && now.isAfter(due.plus(teardownStuckAfter)) ? TEARDOWN_STUCK : TEARING_DOWN;
        }
        return state.readyReported() ? READY : PROVISIONING;
    }

    /**
     * Still provisioning after its stored deadline: the provisioner should have reported ClusterReady or
     * ProvisioningFailed by now, so the saga is stuck between IpAllocated and the next step (the provisioner cannot
     * reach the tools cluster, Vault or the broker, or is not running its loop).
     */
    public static boolean provisioningOverdue(ClusterState state, Instant now) {
        return of(state, now, Duration.ZERO) == PROVISIONING
                && state.instant(ClusterLabels.PROVISIONING_DEADLINE).map(now::isAfter).orElse(false);
    }
}
