package pw.fullstack.ephemeral.allocator.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
 * The test's side of the broker: publishes lifecycle events (or raw records), records everything on
 * the lifecycle topic and the allocator's dead-letter topic, and reads the allocator group's
 * committed offsets (a record is done once the group has committed past it).
 */
public final class LifecycleTopicClient implements AutoCloseable {

    public static final String DLQ = LifecycleTopic.deadLetterTopic("allocator");

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final Admin admin;
    private final List<EventEnvelope<LifecycleEvent>> events = new CopyOnWriteArrayList<>();
    private final List<ConsumerRecord<String, byte[]>> deadLetters = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, byte[]> recorder;
    private final Thread recorderThread;

    public LifecycleTopicClient(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        admin = Admin.create(a);
        recorder = consumer("test-recorder-" + UUID.randomUUID());
        recorder.subscribe(List.of(LifecycleTopic.NAME, DLQ));
        recorderThread = new Thread(this::record, "lifecycle-recorder");
        recorderThread.setDaemon(true);
        recorderThread.start();
    }

    public KafkaConsumer<String, byte[]> consumer(String groupId) {
        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        c.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        return new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private void record() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : recorder.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(DLQ)) {
                        deadLetters.add(r);
                    } else {
                        try {
                            events.add(LifecycleRecordCodec.decode(r.headers(), r.value()));
                        } catch (RuntimeException notAnEvent) {
                            // poison records the tests publish themselves
                        }
                    }
                }
            }
        } catch (WakeupException closing) {
            // close()
        } finally {
            recorder.close();
        }
    }

    public RecordMetadata send(EventEnvelope<?> envelope) {
        return await(producer.send(LifecycleRecordCodec.encode(envelope)));
    }

    public RecordMetadata sendRaw(ProducerRecord<String, byte[]> record) {
        return await(producer.send(record));
    }

    private static RecordMetadata await(java.util.concurrent.Future<RecordMetadata> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("publishing failed", e);
        }
    }

    public List<EventEnvelope<LifecycleEvent>> events() {
        return new ArrayList<>(events);
    }

    @SuppressWarnings("unchecked")
    public <E extends LifecycleEvent> List<EventEnvelope<E>> events(Class<E> type) {
        List<EventEnvelope<E>> result = new ArrayList<>();
        for (EventEnvelope<LifecycleEvent> e : events) {
            if (type.isInstance(e.data())) {
                result.add((EventEnvelope<E>) (EventEnvelope<?>) e);
            }
        }
        return result;
    }

    public List<ConsumerRecord<String, byte[]>> deadLetters() {
        return new ArrayList<>(deadLetters);
    }

    /** True once the group has committed an offset past the record. */
    public boolean committedPast(String groupId, RecordMetadata record) {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            OffsetAndMetadata committed = offsets.get(new TopicPartition(record.topic(), record.partition()));
            return committed != null && committed.offset() > record.offset();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
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
