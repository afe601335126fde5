package pw.fullstack.ephemeral.installer.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;

/** Reads the lifecycle topic and the installer's DLQ from the beginning into memory; sends events. */
final class LifecycleLog implements AutoCloseable {

    static final String DLQ = LifecycleTopic.deadLetterTopic("installer");

    private final List<ConsumerRecord<String, byte[]>> records = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaProducer<String, byte[]> producer;
    private final Thread poller;

    LifecycleLog(String bootstrapServers) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
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
        producer = new KafkaProducer<>(p);
        poller = new Thread(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
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

    /** Lifecycle events about one cluster, decoded, in arrival order. */
    List<EventEnvelope<LifecycleEvent>> events(String cluster) {
        return records.stream()
                .filter(r -> r.topic().equals(LifecycleTopic.NAME) && cluster.equals(r.key()))
                .map(r -> LifecycleRecordCodec.decode(r.headers(), r.value()))
                .toList();
    }

    <E extends LifecycleEvent> List<EventEnvelope<LifecycleEvent>> events(String cluster, Class<E> type) {
        return events(cluster).stream().filter(e -> type.isInstance(e.data())).toList();
    }

    /** Raw values of the records on the lifecycle topic for the cluster (to check nothing secret travels). */
    List<String> rawValues(String cluster) {
        return records.stream().filter(r -> cluster.equals(r.key()) && r.value() != null)
                .map(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    /** Dead-lettered records with the given key: their dead-letter-reason headers. */
    List<Map.Entry<String, String>> deadLetters(String key) {
        return records.stream()
                .filter(r -> r.topic().equals(DLQ) && key.equals(r.key()))
                .map(r -> {
                    var header = r.headers().lastHeader("dead-letter-reason");
                    return Map.entry(key, header == null ? "" : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8));
                })
                .toList();
    }

    @Override
    public void close() {
        consumer.wakeup();
        producer.close();
    }
}
