package pw.fullstack.ephemeral.sandbox.e2e;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;

/** What an ops team does with kafka-consumer-groups.sh, through the Admin API. */
final class ConsumerGroups implements AutoCloseable {

    private final Admin admin;

    ConsumerGroups(String bootstrapServers) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** {@code --reset-offsets --to-earliest}; the group must have no running member. */
    void resetToEarliest(String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> earliest = offsets(topic, OffsetSpec.earliest()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> new OffsetAndMetadata(e.getValue())));
        admin.alterConsumerGroupOffsets(group, earliest).all().get(30, TimeUnit.SECONDS);
    }

    /**
     * {@code --reset-offsets --to-datetime}: each partition from its first record at or after
     * {@code time} (its end if there is none); the group must have no running member.
     */
    void resetToTime(String group, String topic, java.time.Instant time) throws Exception {
        Map<TopicPartition, Long> end = offsets(topic, OffsetSpec.latest());
        Map<TopicPartition, OffsetAndMetadata> at = offsets(topic, OffsetSpec.forTimestamp(time.toEpochMilli()))
                .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                        e -> new OffsetAndMetadata(e.getValue() < 0 ? end.get(e.getKey()) : e.getValue())));
        admin.alterConsumerGroupOffsets(group, at).all().get(30, TimeUnit.SECONDS);
    }

    /** Waits until the group has committed every record of the topic, including those emitted meanwhile. */
    void awaitCaughtUp(String group, String topic, Duration timeout) {
        Awaitility.await(group + " caught up on " + topic).atMost(timeout).pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    Map<TopicPartition, Long> end = offsets(topic, OffsetSpec.latest());
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                    return end.entrySet().stream().allMatch(e -> e.getValue() == 0
                            || committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue());
                });
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) throws Exception {
        var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = description.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> spec));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(30, TimeUnit.SECONDS);
        return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    @Override
    public void close() {
        admin.close();
    }
}
