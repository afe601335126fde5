package pw.fullstack.ephemeral.allocator.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import pw.fullstack.ephemeral.allocator.allocation.AllocationMap;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.MalformedStateException;
import pw.fullstack.ephemeral.allocator.allocation.StoreUnavailableException;
import pw.fullstack.ephemeral.allocator.vault.VaultAllocationStore;

/**
 * Ready only while Vault answers and the allocator's state can be read: reads the allocation map
 * and the queue (absent counts as fine). DOWN, with the reason, while the event handler is retrying
 * because of Vault, and while a document is malformed: an address key that is not a cluster name, a
 * quarantined queue entry, or a document an event was dead-lettered for (until it reads again).
 */
@Readiness
@ApplicationScoped
public class VaultReadinessCheck implements HealthCheck {

    @Inject
    VaultAllocationStore store;

    @Inject
    VaultAvailability availability;

    @Inject
    MalformedDocuments malformed;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("vault").withData("path",
                store.allocationsPath());
        boolean up = true;
        try {
            AllocationMap map = store.readMap().value();
            if (!map.unreadableAddresses().isEmpty()) {
                up = false;
                response.withData("unreadable-addresses", String.join(",", map.unreadableAddresses()));
            }
            AllocationQueue queue = store.readQueue().value();
            if (!queue.quarantined().isEmpty()) {
                up = false;
                response.withData("quarantined-queue-entries", queue.quarantined().size())
                        .withData("quarantine-reason", queue.quarantined().get(0).reason());
            }
            for (Map.Entry<String, String> document : malformed.current().entrySet()) {
                try {
                    store.recheck(document.getKey());
                    malformed.repaired(document.getKey());
                } catch (MalformedStateException stillMalformed) {
                    up = false;
                    response.withData("malformed " + document.getKey(), document.getValue());
                }
            }
        } catch (StoreUnavailableException e) {
            up = false;
            response.withData("error", e.getMessage());
        } catch (MalformedStateException e) {
            up = false;
            response.withData("malformed " + e.document(), e.getMessage());
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
