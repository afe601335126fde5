package pw.fullstack.ephemeral.provisioner.teardown;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.DestroyReason;
import pw.fullstack.ephemeral.contracts.events.ExpiryReason;
import pw.fullstack.ephemeral.contracts.events.InstallFailed;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.events.ProvisioningFailed;
import pw.fullstack.ephemeral.provisioner.clusterapi.ClusterLabels;
import pw.fullstack.ephemeral.provisioner.clusterapi.ToolsCluster;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterLocks;
import pw.fullstack.ephemeral.provisioner.reconcile.ClusterState;
import pw.fullstack.ephemeral.provisioner.reconcile.ProvisionerMetrics;
import pw.fullstack.ephemeral.provisioner.reconcile.Reconciler;

/**
 * ProvisioningFailed, InstallFailed, ClusterExpired → record the teardown on the Namespace and the
 * Cluster (reason, cause id, time), ask for the Cluster's deletion and return. The reconcile loop
 * reports ClusterDestroyed once the Cluster is really gone. The first teardown request wins; a
 * request of another saga run is ignored.
 */
@ApplicationScoped
public class TeardownService {

    private static final Logger LOG = Logger.getLogger(TeardownService.class);

    @Inject
    ToolsCluster tools;

    @Inject
    Reconciler reconciler;

    @Inject
    ProvisionerMetrics metrics;

    @Inject
    ClusterLocks locks;

    public static Optional<DestroyReason> reasonFor(LifecycleEvent event) {
        if (event instanceof ProvisioningFailed) {
            return Optional.of(DestroyReason.PROVISIONING_FAILED);
        }
        if (event instanceof InstallFailed) {
            return Optional.of(DestroyReason.INSTALL_FAILED);
        }
        if (event instanceof ClusterExpired expired) {
            return Optional.of(expired.reason() == ExpiryReason.ORPHAN ? DestroyReason.ORPHAN : DestroyReason.EXPIRED);
        }
        return Optional.empty();
    }

    public void requestTeardown(EventEnvelope<? extends LifecycleEvent> envelope, DestroyReason reason) {
        String name = envelope.subject();
        locks.with(name, () -> {
            Optional<ClusterState> observed = tools.state(name);
            if (observed.isEmpty()) {
                LOG.infof("%s: %s ignored, no such managed cluster (already destroyed?)", name, envelope.type().eventName());
                metrics.ignored("no-cluster");
                return null;
            }
            ClusterState state = observed.get();
            Optional<String> saga = state.annotation(ClusterLabels.CORRELATION_ID);
            if (saga.isPresent() && !saga.get().equals(envelope.correlationId())) {
                LOG.infof("%s: %s of saga %s ignored, the cluster belongs to saga %s", name,
                        envelope.type().eventName(), envelope.correlationId(), saga.get());
                metrics.ignored("other-saga");
                return null;
            }
            if (state.teardownRequested()) {
                metrics.ignored("duplicate");
                return null;
            }
            tools.annotate(name, Map.of(
                    ClusterLabels.TEARDOWN_REASON, reason.wireName(),
                    ClusterLabels.TEARDOWN_CAUSE_ID, envelope.id(),
                    ClusterLabels.TEARDOWN_REQUESTED, Instant.now().toString()));
            if (state.clusterPresent()) {
                tools.deleteCluster(name);
            }
            LOG.infof("%s: teardown requested (%s)", name, reason.wireName());
            return null;
        });
        reconciler.request(name);
    }
}
