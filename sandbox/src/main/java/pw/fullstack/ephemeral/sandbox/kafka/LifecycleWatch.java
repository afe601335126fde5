package pw.fullstack.ephemeral.sandbox.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.InvalidEventException;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.sandbox.scenario.Waits;
import pw.fullstack.ephemeral.sandbox.board.PrBoard;
import pw.fullstack.ephemeral.testkit.kafka.EndOffsets;

/**
 * Reads the whole lifecycle topic from the beginning, outside any consumer group (so it never
 * disturbs the services' offsets), and folds it into a {@link PrBoard}. Listeners see each event
 * as it arrives, before the board does.
 */
public final class LifecycleWatch implements AutoCloseable {

    private final KafkaConsumer<String, byte[]> consumer;
    private final PrBoard board = new PrBoard();
    private final List<Consumer<EventEnvelope<LifecycleEvent>>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger invalidRecords = new AtomicInteger();
    private final AtomicLong recordsSeen = new AtomicLong();
    private final Thread thread;
    private final String bootstrapServers;
    private volatile boolean running = true;

    public LifecycleWatch(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        thread = new Thread(this::run, "lifecycle-watch");
        thread.setDaemon(true);
    }

    public LifecycleWatch start() {
        thread.start();
        return this;
    }

    public void onEvent(Consumer<EventEnvelope<LifecycleEvent>> listener) {
        listeners.add(listener);
    }

    /** Reads the board under its lock: the watch thread writes it concurrently. */
    public <T> T read(Function<PrBoard, T> query) {
        synchronized (board) {
            return query.apply(board);
        }
    }

    /** Every record read so far, valid or not: compare with the topic's end offsets to know it is caught up. */
    public long recordsSeen() {
        return recordsSeen.get();
    }

    public int invalidRecords() {
        return invalidRecords.get();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = List.of();
            while (running) {
                if (partitions.isEmpty()) {
                    partitions = partitions();
                    if (partitions.isEmpty()) {
                        Waits.pause();
                        continue;
                    }
                    consumer.assign(partitions);
                    consumer.seekToBeginning(partitions);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    accept(record);
                }
                partitions = refreshIfGrown(partitions);
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }


    private List<TopicPartition> refreshIfGrown(List<TopicPartition> assigned) {
        List<TopicPartition> now = partitions();
        if (now.size() > assigned.size()) {
            List<TopicPartition> added = now.stream().filter(p -> !assigned.contains(p)).toList();
            consumer.assign(now);
            consumer.seekToBeginning(added);
            return now;
        }
        return assigned;
    }

    /** The topic's partitions; none yet when the broker does not answer in time (a busy machine): asked again. */
    private List<TopicPartition> partitions() {
        Map<String, List<org.apache.kafka.common.PartitionInfo>> topics;
        try {
            topics = consumer.listTopics(Duration.ofSeconds(2));
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            return List.of();
        }
        return topics.getOrDefault(LifecycleTopic.NAME, List.of()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
    }

    private void accept(ConsumerRecord<String, byte[]> record) {
        try {
            EventEnvelope<LifecycleEvent> envelope;
            try {
                envelope = LifecycleRecordCodec.decode(record.headers(), record.value() == null ? new byte[0] : record.value());
            } catch (InvalidEventException e) {
                invalidRecords.incrementAndGet();
                return;
            }
            // Listeners first: whoever waits on the board and then reads a listener's log (the tests'
            // event logs) must find there every event the board already shows.
            listeners.forEach(listener -> listener.accept(envelope));
            synchronized (board) {
                board.apply(envelope);
            }
        } finally {
            // Counted once listeners and board have it: "caught up" then means they have seen it too.
            recordsSeen.incrementAndGet();
        }
    }

    /**
     * Returns once the watch (its listeners and its board) has seen every record that was on the
     * lifecycle topic when it was called: before asserting that something was not published.
     */
    public void awaitCaughtUp(Duration timeout) {
        long end;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            end = EndOffsets.total(admin, LifecycleTopic.NAME);
        }
        if (!Waits.untilTrue(timeout, () -> recordsSeen.get() >= end)) {
            throw new IllegalStateException("the lifecycle watch has read " + recordsSeen.get() + " of " + end
                    + " records after " + timeout.toSeconds() + " s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5000);
    }
}
