package pw.fullstack.ephemeral.testkit.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
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
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/**
 * What a service test sees of Kafka: the lifecycle topic and one service's dead-letter topic, read
 * from the beginning into memory by a consumer of its own group, and a producer to send events
 * (or raw records) as other services would.
 */
public final class LifecycleLog implements AutoCloseable {

    private final String deadLetterTopic;
    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    /** Per partition, the offset after the last record read: how far the log has got. */
    private final Map<TopicPartition, Long> readUpTo = new ConcurrentHashMap<>();
    private final Admin admin;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;

    /** @param service the service whose dead-letter topic is read too, e.g. {@code provisioner} */
    public LifecycleLog(String bootstrapServers, String service) {
        this.deadLetterTopic = LifecycleTopic.deadLetterTopic(service);
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(LifecycleTopic.NAME, deadLetterTopic));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(p);
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        Thread poller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                        records.add(record);
                        readUpTo.merge(new TopicPartition(record.topic(), record.partition()), record.offset() + 1, Math::max);
                    });
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "lifecycle-log");
        poller.setDaemon(true);
        poller.start();
    }

    public String deadLetterTopic() {
        return deadLetterTopic;
    }

    /** Sends the event to the lifecycle topic and waits for the broker's acknowledgement. */
    public void send(EventEnvelope<?> envelope) {
        send(LifecycleRecordCodec.encode(envelope));
    }

    public void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Returns once this log has read every record that was on the lifecycle and dead-letter topics when
     * it was called. "Nothing more was published" is only true of a log that has caught up: first prove
     * the service consumed the event (a counter, a marker, a later event), then call this, then assert.
     */
    public void awaitCaughtUp(Duration atMost) {
        Map<TopicPartition, Long> ends = new java.util.HashMap<>(EndOffsets.of(admin, LifecycleTopic.NAME));
        ends.putAll(EndOffsets.of(admin, deadLetterTopic));
        awaitCaughtUpTo(ends, atMost);
    }

    private void awaitCaughtUpTo(Map<TopicPartition, Long> ends, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!ends.entrySet().stream().allMatch(e -> e.getValue() == 0 || readUpTo.getOrDefault(e.getKey(), 0L) >= e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the log has not caught up with " + ends + " within " + atMost
                        + " (read up to " + readUpTo + ")");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    /** Lifecycle events about one cluster, decoded, in arrival order (duplicates included). */
    public List<EventEnvelope<LifecycleEvent>> events(String cluster) {
        return records.stream()
                .filter(r -> r.topic().equals(LifecycleTopic.NAME) && cluster.equals(r.key()))
                .map(r -> LifecycleRecordCodec.decode(r.headers(), r.value()))
                .toList();
    }

    public <E extends LifecycleEvent> List<EventEnvelope<LifecycleEvent>> events(String cluster, Class<E> type) {
        return events(cluster).stream().filter(e -> type.isInstance(e.data())).toList();
    }

    /** Raw values of the records on the lifecycle topic for the cluster (to check nothing secret travels). */
    public List<String> rawValues(String cluster) {
        return records.stream().filter(r -> cluster.equals(r.key()) && r.value() != null)
                .map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
    }

    /** The {@code dead-letter-reason} headers of the dead-lettered records with this key. */
    public List<String> deadLetterReasons(String key) {
        return records.stream()
                .filter(r -> r.topic().equals(deadLetterTopic) && key.equals(r.key()))
                .map(r -> {
                    var header = r.headers().lastHeader("dead-letter-reason");
                    return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
                })
                .toList();
    }

    @Override
    public void close() {
        consumer.wakeup();
        producer.close();
        admin.close();
    }
}
