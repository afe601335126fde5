package pw.fullstack.ephemeral.notifier.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;

/**
 * The test's side of the broker: publishes lifecycle records, records the notifier's dead-letter
 * topic, and tells when the {@code notifier} group has committed everything published so far (a
 * record is committed only after its PR was written to GitHub, or dead-lettered).
 */
final class LifecycleKafka implements AutoCloseable {

    static final String DLQ = LifecycleTopic.deadLetterTopic("notifier");
    static final String GROUP = "notifier";

    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final KafkaConsumer<String, byte[]> recorder;
    private final Thread recorderThread;
    private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();

    LifecycleKafka(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(a);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "dlq-recorder-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        recorder = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
        recorder.subscribe(List.of(DLQ));
        recorderThread = new Thread(this::record, "dlq-recorder");
        recorderThread.setDaemon(true);
        recorderThread.start();
    }

    void send(EventEnvelope<?> envelope) {
        sendRaw(LifecycleRecordCodec.encode(envelope));
    }

    void sendRaw(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    /** Dead-letter reasons of the records of one cluster (the record key). */
    List<String> deadLetterReasons(String key) {
        List<String> reasons = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : deadLetters) {
            if (key.equals(r.key())) {
                var header = r.headers().lastHeader("dead-letter-reason");
                reasons.add(header == null ? "" : new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return reasons;
    }

    /** Whether every record on the dead-letter topic now has been read into {@link #deadLetterReasons}. */
    boolean deadLettersCaughtUp() {
        return deadLetters.size() >= pw.fullstack.ephemeral.testkit.kafka.EndOffsets.total(admin, DLQ);
    }

    /** Whether the notifier group has committed every record published to the lifecycle topic so far. */
    boolean allCommitted() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            var partitions = admin.describeTopics(List.of(LifecycleTopic.NAME)).allTopicNames().get(10, TimeUnit.SECONDS)
                    .get(LifecycleTopic.NAME).partitions();
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            partitions.forEach(p -> request.put(new TopicPartition(LifecycleTopic.NAME, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            return ends.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                    || (committed.get(e.getKey()) != null && committed.get(e.getKey()).offset() >= e.getValue().offset()));
        } catch (Exception e) {
            return false;
        }
    }

    private void record() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                recorder.poll(Duration.ofMillis(200)).forEach(deadLetters::add);
            }
        } catch (WakeupException closing) {
            // close()
        } finally {
            recorder.close();
        }
    }

    @Override
    public void close() {
        recorder.wakeup();
        try {
            recorderThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close();
        admin.close();
    }
}
