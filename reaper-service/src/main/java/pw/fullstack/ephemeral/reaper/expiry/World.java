package pw.fullstack.ephemeral.reaper.expiry;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import pw.fullstack.ephemeral.reaper.history.PrHistory;

/**
 * Everything one pass decides on, read at one moment. Nothing in it is kept between passes but
 * what is stored where it came from (the tools cluster, Vault).
 *
 * @param now              the pass's clock
 * @param clusters         every Cluster API Cluster on the tools cluster, this system's or not
 * @param namespaces       names of every Namespace on the tools cluster
 * @param allocations      the allocator's allocation map
 * @param allocatorRecords the allocator's record per cluster name, where one exists
 * @param histories        the reaper's own record of each PR's latest open and close, where one exists
 * @param suspects         orphan suspicions and since when they hold ({@link OrphanSuspects} keys)
 */
public record World(Instant now, List<ObservedCluster> clusters, Set<String> namespaces, Allocations allocations,
                    Map<String, AllocatorRecord> allocatorRecords, Map<String, PrHistory> histories,
                    Map<String, Instant> suspects) {

    public World {
        clusters = List.copyOf(clusters);
        namespaces = Set.copyOf(namespaces);
        allocatorRecords = Map.copyOf(allocatorRecords);
        histories = Map.copyOf(histories);
        suspects = Map.copyOf(suspects);
    }
}
