package pw.fullstack.ephemeral.allocator.allocation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole batch of PrOpened decided on one {@link BatchSnapshot}: the writes to make, in this order,
 * each under check-and-set, and what to publish between and after them. The order keeps every crash
 * window of the one-event-at-a-time protocol (README, "Vault layout and consistency"): whatever of it
 * is in Vault when the allocator stops, deciding the batch again on what Vault shows finishes it.
 *
 * <ol>
 *   <li>{@code recordsBeforeMap}: an existing record that names a new run, before the map gives that
 *       cluster a block, so no earlier run of the cluster can release it (a replayed ClusterDestroyed);</li>
 *   <li>{@code map}: every block the batch takes, one write;</li>
 *   <li>{@code queue}: every PR that waits, one write;</li>
 *   <li>{@code refusals}: published before the records that end their runs (a crash in between refuses
 *       again, with the same id);</li>
 *   <li>{@code records}: each cluster's record as the batch leaves it;</li>
 *   <li>{@code emits}: {@code IpAllocated} and {@code AllocationQueued}, once all of it is written.</li>
 * </ol>
 *
 * @param rejected request id → why that PrOpened is refused (dead-lettered); the others are decided without it
 * @param notes    what each request came to, for the log
 */
public record BatchDecision(List<Write> recordsBeforeMap, Optional<Write> map, Optional<Write> queue,
                            List<Step.Emit> refusals, List<Write> records, List<Step.Emit> emits,
                            Map<String, RuntimeException> rejected, List<String> notes) {

    public BatchDecision {
        recordsBeforeMap = List.copyOf(recordsBeforeMap);
        refusals = List.copyOf(refusals);
        records = List.copyOf(records);
        emits = List.copyOf(emits);
        rejected = Map.copyOf(rejected);
        notes = List.copyOf(notes);
    }

    /** A batch of replays, or of PRs already allocated or waiting: nothing to write, only to report. */
    public boolean writesNothing() {
        return recordsBeforeMap.isEmpty() && map.isEmpty() && queue.isEmpty() && records.isEmpty();
    }
}
