package pw.fullstack.ephemeral.messaging.retention;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one rule for forgetting: a tombstone (an ended run) may go only once no record that could be
 * replayed into the saga can still exist — it outlives the longest retention of every topic a record
 * can be replayed from (the lifecycle topic and every dead-letter topic), segments included.
 * Forgetting earlier would let a replayed IpAllocated of an ended run create a cluster again.
 */
public final class TombstoneRetention {

    private TombstoneRetention() {
    }

    /**
     * How old an ended run's tombstone must be before it is dropped.
     *
     * @param configured {@code provisioner.tombstone-retention}
     * @param topics     the replayable topics' settings, or empty when the broker could not be asked
     * @return the longer of the setting and the longest topic retention; empty (never drop) when a
     *         topic keeps records for ever or the retentions are unknown: forgetting is the unsafe way
     */
    public static Optional<Duration> dropAfter(Duration configured, Optional<List<TopicRetention>> topics) {
        if (topics.isEmpty()) {
            return Optional.empty();
        }
        Duration longest = configured;
        for (TopicRetention topic : topics.get()) {
            Optional<Duration> kept = topic.longest();
            if (kept.isEmpty()) {
                return Optional.empty();
            }
            if (kept.get().compareTo(longest) > 0) {
                longest = kept.get();
            }
        }
        return Optional.of(longest);
    }
}
