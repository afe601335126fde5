package pw.fullstack.ephemeral.allocator.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import pw.fullstack.ephemeral.allocator.allocation.StoreUnavailableException;
import pw.fullstack.ephemeral.allocator.vault.VaultAllocationStore;

/**
 * Ready only while Vault answers: reads the allocation map (an absent secret counts as reachable).
 * Also DOWN while the event handler is retrying because of Vault, with the reason.
 */
@Readiness
@ApplicationScoped
public class VaultReadinessCheck implements HealthCheck {

    @Inject
    VaultAllocationStore store;

    @Inject
    VaultAvailability availability;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vault").withData("path",
                store.allocationsPath());
        boolean up = true;
        try {
            store.probe();
        } catch (StoreUnavailableException e) {
            up = false;
            response.withData("error", e.getMessage());
        }
        VaultAvailability.Outage outage = availability.outage();
        if (outage != null) {
            up = false;
            response.withData("handler-retrying-since", outage.since().toString())
                    .withData("handler-error", outage.reason());
        }
        return response.status(up).build();
    }
}
