package pw.fullstack.ephemeral.allocator.allocation;

import pw.fullstack.ephemeral.kv.Versioned;

/**
 * What one step reads before it decides: the allocation map, the queue and the record of the
 * cluster the step is about (the event's cluster, or the head of the queue when draining), each
 * with the version a write must be checked against.
 */
public record Snapshot(Versioned<AllocationMap> map, Versioned<AllocationQueue> queue,
                       Versioned<ClusterRecord> record) {

    public AllocationMap mapValue() {
        return map.value();
    }

    public AllocationQueue queueValue() {
        return queue.value();
    }

    public ClusterRecord recordValue() {
        return record.value();
    }

    public Write writeMap(AllocationMap next) {
        return new Write.MapWrite(next, map.version());
    }

    public Write writeQueue(AllocationQueue next) {
        return new Write.QueueWrite(next, queue.version());
    }

    public Write writeRecord(ClusterRecord next) {
        return new Write.RecordWrite(next, record.version());
    }
}
