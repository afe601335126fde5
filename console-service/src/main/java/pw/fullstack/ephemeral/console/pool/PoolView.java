package pw.fullstack.ephemeral.console.pool;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The allocator's {@code GET /pool} (allocator-service api/PoolResource): blocks of {@code addressesPerCluster}
 * addresses, who holds which, who waits. Fields the console does not use are ignored, so the allocator may add some.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PoolView(int total, int free, int addressesPerCluster, List<String> ranges, List<String> excluded,
                       List<Allocation> allocations, List<Queued> queue) {

    public PoolView {
        ranges = ranges == null ? List.of() : List.copyOf(ranges);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
        allocations = allocations == null ? List.of() : List.copyOf(allocations);
        queue = queue == null ? List.of() : List.copyOf(queue);
    }

    /** {@code since}, {@code pr} and {@code saga} are null for entries the seed's shell tooling wrote. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Allocation(String cluster, List<String> addresses, String since, String pr, String saga) {

        public Allocation {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Queued(int position, String cluster, String pr, String queuedAt, String saga) {
    }
}
