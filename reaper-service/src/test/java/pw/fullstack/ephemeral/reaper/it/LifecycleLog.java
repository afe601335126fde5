package pw.fullstack.ephemeral.reaper.it;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.ClusterExpired;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/** Reads the lifecycle topic and the reaper's DLQ from the beginning into memory; sends records. */
final class LifecycleLog implements AutoCloseable {

    static final String DLQ = LifecycleTopic.deadLetterTopic("reaper");

    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;

    LifecycleLog(String bootstrapServers) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "reaper-test-" + UUID.randomUUID());
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        consumer = new KafkaConsumer<>(c);
        consumer.subscribe(List.of(LifecycleTopic.NAME, DLQ));
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p);
        Thread poller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                }
            } catch (WakeupException e) {
                // closing
            } finally {
                consumer.close();
            }
        }, "reaper-test-lifecycle-log");
        poller.setDaemon(true);
        poller.start();
    }

    void send(EventEnvelope<?> envelope) {
        send(LifecycleRecordCodec.encode(envelope));
    }

    void send(ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every ClusterExpired record about the cluster, decoded, in arrival order (duplicates included). */
    List<EventEnvelope<LifecycleEvent>> expiries(String cluster) {
        return records.stream()
                .filter(r -> r.topic().equals(LifecycleTopic.NAME) && cluster.equals(r.key()))
                .map(r -> LifecycleRecordCodec.decode(r.headers(), r.value()))
                .filter(e -> e.data() instanceof ClusterExpired)
                .toList();
    }

    ClusterExpired firstExpiry(String cluster) {
        return (ClusterExpired) expiries(cluster).get(0).data();
    }

    long distinctExpiryIds(String cluster) {
        return expiries(cluster).stream().map(EventEnvelope::id).distinct().count();
    }

    /** dead-letter-reason headers of the DLQ records with this key. */
    List<String> deadLetterReasons(String key) {
        return records.stream()
                .filter(r -> r.topic().equals(DLQ) && key.equals(r.key()))
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
    }
}
