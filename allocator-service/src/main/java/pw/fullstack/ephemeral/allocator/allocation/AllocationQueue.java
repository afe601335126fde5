package pw.fullstack.ephemeral.allocator.allocation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;

/** PRs waiting for a block, first come first served. At most one entry per cluster name. */
public record AllocationQueue(List<QueueEntry> entries) {

    public AllocationQueue {
        entries = List.copyOf(entries);
    }

    public static AllocationQueue empty() {
        return new AllocationQueue(List.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    public Optional<QueueEntry> head() {
        return entries.stream().findFirst();
    }

    /** 1-based position of the cluster, if it is queued. */
    public OptionalInt positionOf(ClusterName cluster) {
        return IntStream.range(0, entries.size())
                .filter(i -> entries.get(i).cluster().equals(cluster))
                .map(i -> i + 1)
                .findFirst();
    }

    public Optional<QueueEntry> entryOf(ClusterName cluster) {
        return entries.stream().filter(e -> e.cluster().equals(cluster)).findFirst();
    }

    public AllocationQueue append(QueueEntry entry) {
        if (positionOf(entry.cluster()).isPresent()) {
            throw new IllegalStateException(entry.cluster() + " is already queued");
        }
        List<QueueEntry> next = new ArrayList<>(entries);
        next.add(entry);
        return new AllocationQueue(next);
    }

    public AllocationQueue without(ClusterName cluster) {
        return new AllocationQueue(entries.stream().filter(e -> !e.cluster().equals(cluster)).toList());
    }

    public static AllocationQueue fromVault(Map<String, Object> data) {
        if (data == null || !(data.get("entries") instanceof List<?> list)) {
            return empty();
        }
        return new AllocationQueue(list.stream().map(m -> QueueEntry.fromVault((Map<?, ?>) m)).toList());
    }

    public Map<String, Object> toVault() {
        return Map.of("entries", entries.stream().map(QueueEntry::toVault).toList());
    }
}
