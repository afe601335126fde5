package pw.fullstack.ephemeral.messaging.retention;

import java.time.Duration;
import java.util.Optional;

/**
 * How long a topic keeps a record at most: Kafka deletes whole segments, so a record lives up to
 * {@code retention.ms} after its segment closed, and a segment closes {@code segment.ms} after it
 * opened (or when full): {@code retention.ms + segment.ms}. A {@code retention.ms} of -1 keeps
 * records for ever ({@link #longest()} empty).
 */
public record TopicRetention(String topic, long retentionMs, long segmentMs) {

    public Optional<Duration> longest() {
        if (retentionMs < 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(retentionMs).plus(Duration.ofMillis(Math.max(0, segmentMs))));
    }
}
