package pw.fullstack.ephemeral.allocator.allocation;

import java.util.Map;
import pw.fullstack.ephemeral.contracts.naming.ClusterName;
import pw.fullstack.ephemeral.kv.Versioned;

/**
 * What a batch of PrOpened reads before it is decided: the map, the queue, and the record of every
 * cluster the batch is about (absent = {@link ClusterRecord#none} at version 0), each with the
 * version a write must be checked against. A record that could not be read is named in
 * {@code unreadable} with the reason: only the requests of that cluster are refused.
 */
public record BatchSnapshot(Versioned<AllocationMap> map, Versioned<AllocationQueue> queue,
                            Map<ClusterName, Versioned<ClusterRecord>> records,
                            Map<ClusterName, MalformedStateException> unreadable) {

    public BatchSnapshot {
        records = Map.copyOf(records);
        unreadable = Map.copyOf(unreadable);
    }

    Versioned<ClusterRecord> record(ClusterName cluster) {
        Versioned<ClusterRecord> record = records.get(cluster);
        return record != null ? record : new Versioned<>(ClusterRecord.none(cluster), 0);
    }
}
