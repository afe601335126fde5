package pw.fullstack.ephemeral.allocator.allocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.IntStream;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;

/**
 * PRs waiting for a block, first come first served. At most one entry per cluster name.
 *
 * <p>An entry that cannot be read (written by hand, or by a future version) is quarantined: kept in
 * the document verbatim under {@code quarantined} with the reason, never processed, and reported by
 * readiness, so one bad entry neither stalls the queue nor gets lost.
 */
public record AllocationQueue(List<QueueEntry> entries, List<Quarantined> quarantined) {

    /** An unreadable entry as it was found, and why it could not be read. */
    public record Quarantined(Object raw, String reason) {
    }

    public AllocationQueue {
        entries = List.copyOf(entries);
        quarantined = List.copyOf(quarantined);
    }

    public static AllocationQueue empty() {
        return new AllocationQueue(List.of(), List.of());
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
        return new AllocationQueue(next, quarantined);
    }

    /** The cluster's entry replaced in place (a newer run of the same PR keeps the place in line). */
    public AllocationQueue replacing(QueueEntry entry) {
        return new AllocationQueue(entries.stream().map(e -> e.cluster().equals(entry.cluster()) ? entry : e).toList(),
                quarantined);
    }

    /** The entry leaves the line and is kept under {@code quarantined} with the reason, never processed. */
    public AllocationQueue quarantining(QueueEntry entry, String reason) {
        List<Quarantined> kept = new ArrayList<>(quarantined);
        kept.add(new Quarantined(entry.toVault(), reason));
        return new AllocationQueue(entries.stream().filter(e -> !e.cluster().equals(entry.cluster())).toList(), kept);
    }

    public AllocationQueue without(ClusterName cluster) {
        return new AllocationQueue(entries.stream().filter(e -> !e.cluster().equals(cluster)).toList(), quarantined);
    }

    /** @throws MalformedStateException if the document itself (not one entry) cannot be read */
    public static AllocationQueue fromVault(String document, Map<String, Object> data) {
        if (data == null) {
            return empty();
        }
        Object rawEntries = data.get("entries");
        if (rawEntries != null && !(rawEntries instanceof List<?>)) {
            throw new MalformedStateException(document, "field entries is not a list");
        }
        List<QueueEntry> entries = new ArrayList<>();
        List<Quarantined> quarantined = new ArrayList<>();
        if (data.get("quarantined") instanceof List<?> kept) {
            for (Object item : kept) {
                if (item instanceof Map<?, ?> m) {
                    quarantined.add(new Quarantined(m.get("entry"), String.valueOf(m.get("reason"))));
                }
            }
        }
        int index = 0;
        for (Object raw : rawEntries == null ? List.of() : (List<?>) rawEntries) {
            try {
                QueueEntry entry = QueueEntry.fromVault(raw);
                if (entries.stream().noneMatch(e -> e.cluster().equals(entry.cluster()))) {
                    entries.add(entry);
                } else {
                    quarantined.add(new Quarantined(raw, "entry " + index + ": a second entry for " + entry.cluster()));
                }
            } catch (IllegalArgumentException e) {
                quarantined.add(new Quarantined(raw, "entry " + index + ": " + e.getMessage()));
            }
            index++;
        }
        return new AllocationQueue(entries, quarantined);
    }

    public Map<String, Object> toVault() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("entries", entries.stream().map(QueueEntry::toVault).toList());
        if (!quarantined.isEmpty()) {
            data.put("quarantined", quarantined.stream().map(q -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("entry", q.raw());
                m.put("reason", q.reason());
                return m;
            }).toList());
        }
        return data;
    }
}
