package pw.fullstack.ephemeral.sandbox.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** Reads a dead-letter topic from its start. */
final class DeadLetters implements AutoCloseable {

    record Letter(String key, String reason) {
    }

    private final KafkaConsumer<String, byte[]> consumer;

    DeadLetters(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new ByteArrayDeserializer());
    }

    /**
     * The first record with this key on the dead-letter topic. Other tests of the same sandbox
     * dead-letter other clusters' events on purpose: a letter is picked by its key, never by being first.
     */
    Letter awaitOne(String topic, String key) {
        var partitions = Awaitility.await(topic + " exists").atMost(SagaDriver.STEP)
                .until(() -> consumer.listTopics(Duration.ofSeconds(2)).getOrDefault(topic, List.of()), p -> !p.isEmpty())
                .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Instant deadline = Instant.now().plus(SagaDriver.STEP);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                if (!key.equals(record.key())) {
                    continue;
                }
                Header reason = record.headers().lastHeader("dead-letter-reason");
                return new Letter(record.key(), reason == null ? null : new String(reason.value(), StandardCharsets.UTF_8));
            }
        }
        throw new AssertionError("no record with key " + key + " arrived on " + topic + " within "
                + SagaDriver.STEP.toSeconds() + " s");
    }

    @Override
    public void close() {
        consumer.close();
    }
}
