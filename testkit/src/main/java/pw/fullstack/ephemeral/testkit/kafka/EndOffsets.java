package pw.fullstack.ephemeral.testkit.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Where a topic ends right now, per partition: what an observer (a test's log, the sandbox's watch, a
 * consumer group) must have read before "nothing more was published" means anything.
 */
public final class EndOffsets {

    private EndOffsets() {
    }

    /** The end offset of each partition; none for a topic that does not exist (a dead-letter topic nobody wrote to yet). */
    public static Map<TopicPartition, Long> of(Admin admin, String topic) {
        try {
            var description = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return Map.of();
            }
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted reading the end offsets of " + topic, e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the end offsets of " + topic, e);
        }
    }

    /** How many records the topic holds in all (from offset 0: nothing is deleted in tests). */
    public static long total(Admin admin, String topic) {
        return of(admin, topic).values().stream().mapToLong(Long::longValue).sum();
    }
}
