package pw.fullstack.ephemeral.provisioner.reconcile;

import java.time.Duration;
import java.time.Instant;

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
}
