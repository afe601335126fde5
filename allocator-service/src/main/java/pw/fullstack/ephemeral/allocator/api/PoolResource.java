package pw.fullstack.ephemeral.allocator.api;

import io.quarkus.vertx.http.ManagementInterface;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import pw.fullstack.ephemeral.allocator.allocation.AllocationMap;
import pw.fullstack.ephemeral.allocator.allocation.AllocationQueue;
import pw.fullstack.ephemeral.allocator.allocation.ClusterRecord;
import pw.fullstack.ephemeral.allocator.allocation.QueueEntry;
import pw.fullstack.ephemeral.allocator.pool.Pool;
import pw.fullstack.ephemeral.allocator.vault.VaultAllocationStore;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.contracts.network.Ipv4Address;

/**
 * {@code GET /pool}: the pool as Vault holds it right now. Served on the management interface
 * ({@code quarkus.management.port}) with health and metrics, not on the main HTTP port.
 */
@ApplicationScoped
public class PoolResource {

    public record PoolView(int total, int free, int addressesPerCluster, List<String> ranges, List<String> excluded,
                           List<AllocationView> allocations, List<QueuedView> queue) {
    }

    /** {@code since}, {@code pr} and {@code saga} are null for entries the old shell tooling wrote. */
    public record AllocationView(String cluster, List<String> addresses, String since, String pr, String saga) {
    }

    public record QueuedView(int position, String cluster, String pr, String queuedAt, String saga) {
    }

    @Inject
    VaultAllocationStore store;

    @Inject
    Pool pool;

    void serve(@Observes ManagementInterface management) {
        // Vault reads block: off the event loop.
        management.router().get("/pool").blockingHandler(request -> request.json(pool()));
    }

    public PoolView pool() {
        AllocationMap map = store.readMap().value();
        AllocationQueue queue = store.readQueue().value();
        List<AllocationView> allocations = new ArrayList<>();
        for (Map.Entry<String, List<Ipv4Address>> entry : map.byCluster().entrySet()) {
            ClusterRecord record = recordOf(entry.getKey());
            allocations.add(new AllocationView(entry.getKey(),
                    entry.getValue().stream().map(Ipv4Address::toString).toList(),
                    record == null || record.since() == null ? null : record.since().toString(),
                    record == null ? null : record.pullRequest(), record == null ? null : record.sagaId()));
        }
        List<QueuedView> queued = new ArrayList<>();
        int position = 1;
        for (QueueEntry entry : queue.entries()) {
            queued.add(new QueuedView(position++, entry.cluster().value(), entry.pullRequest().toString(),
                    entry.queuedAt().toString(), entry.sagaId()));
        }
        return new PoolView(pool.capacity(), pool.freeBlocks(map::isTaken), pool.addressesPerCluster(),
                pool.ranges().stream().map(Object::toString).toList(),
                pool.excluded().stream().map(Object::toString).toList(), allocations, queued);
    }

    private ClusterRecord recordOf(String cluster) {
        try {
            return store.readCluster(ClusterName.of(cluster)).value();
        } catch (IllegalArgumentException notAClusterName) {
            return null; // written by other tooling under a name we would not use
        }
    }
}
