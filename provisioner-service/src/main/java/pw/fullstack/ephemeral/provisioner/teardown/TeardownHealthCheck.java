package pw.fullstack.ephemeral.provisioner.teardown;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import pw.fullstack.ephemeral.provisioner.reconcile.ProvisionerMetrics;

/**
 * Readiness DOWN while a teardown is stuck (the Cluster still exists past
 * {@code provisioner.teardown-stuck-after}), naming the clusters. Deletion keeps being retried; a
 * human should look (VM locked in Proxmox, finalizer of a dead controller).
 */
@Readiness
@ApplicationScoped
public class TeardownHealthCheck implements HealthCheck {

    @Inject
    ProvisionerMetrics metrics;

    @Override
    public HealthCheckResponse call() {
        List<String> stuck = metrics.stuckTeardowns();
        return HealthCheckResponse.named("teardowns")
                .status(stuck.isEmpty())
                .withData("stuck", String.join(",", stuck))
                .build();
    }
}
