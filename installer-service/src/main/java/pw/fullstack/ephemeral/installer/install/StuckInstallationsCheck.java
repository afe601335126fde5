package pw.fullstack.ephemeral.installer.install;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness DOWN while an installation is past its step's deadline by more than
 * {@code installer.stuck-after} without the installer having finished the step (the workload API, Vault,
 * the tools cluster or the broker keep failing), naming the clusters and their steps.
 */
@Readiness
@ApplicationScoped
public class StuckInstallationsCheck implements HealthCheck {

    @Inject
    InstallerMetrics metrics;

    @Override
    public HealthCheckResponse call() {
        List<String> stuck = metrics.stuckInstallations();
        return HealthCheckResponse.named("installations").status(stuck.isEmpty())
                .withData("stuck", String.join(",", stuck)).build();
    }
}
