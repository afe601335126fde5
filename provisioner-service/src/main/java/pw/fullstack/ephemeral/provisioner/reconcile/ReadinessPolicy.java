package pw.fullstack.ephemeral.provisioner.reconcile;

import java.time.Duration;
import java.util.List;

/**
 * When a Cluster counts as ready on the Cluster API side: every condition type in
 * {@code readyConditions} is True (default {@code Available}; the K3s control-plane provider has
 * not adopted the v1beta2 contract yet, k3s-io/cluster-api-k3s#218, so a site may configure e.g.
 * {@code ControlPlaneInitialized} or {@code Ready} instead). A remote probe (a Ready node through the
 * kubeconfig Secret) confirms it before ClusterReady is emitted.
 */
public record ReadinessPolicy(List<String> readyConditions, Duration teardownStuckAfter) {

    public ReadinessPolicy {
        readyConditions = List.copyOf(readyConditions);
        if (readyConditions.isEmpty()) {
            throw new IllegalArgumentException("at least one ready condition is required");
        }
    }
}
