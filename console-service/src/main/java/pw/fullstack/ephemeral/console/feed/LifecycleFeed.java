package pw.fullstack.ephemeral.console.feed;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;
import pw.fullstack.ephemeral.console.Changes;
import pw.fullstack.ephemeral.console.ConsoleConfig;
import pw.fullstack.ephemeral.console.readmodel.LiveReadModel;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;

/**
 * Reads the lifecycle topic and every dead-letter topic from their beginning, at every start, and folds them into
 * the read model: the console keeps no state of its own, so what it shows is what a replay gives. The partitions are
 * assigned, not subscribed: no consumer group, no committed offsets, nothing for another instance to share or reset.
 * New partitions and new dead-letter topics (created at a service's first refusal) are picked up every
 * {@code console.topic-refresh-interval}, which is also when the broker's reachability is checked for readiness.
 */
@ApplicationScoped
public class LifecycleFeed {

    private static final Logger LOG = Logger.getLogger(LifecycleFeed.class);
    private static final Duration POLL = Duration.ofMillis(500);

    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    @Inject
    ConsoleConfig config;

    @Inject
    LiveReadModel model;

    @Inject
    Changes changes;

    private volatile FeedHealth health = FeedHealth.STARTING;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Thread thread;
    /** The end offsets when a partition was first assigned: the replay is over once every position reached them. */
    private final Map<TopicPartition, Long> replayTarget = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();

    void start(@Observes StartupEvent start) {
        thread = new Thread(this::run, "console-lifecycle-feed");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent stop) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    public FeedHealth health() {
        return health;
    }

    /**
     * Reads until stopped. A failure the consumer cannot recover from on its own (e.g. an authorization error) is not
     * the end: readiness says why, and after a pause a new consumer reads again from the beginning (the read model
     * ignores what it has seen).
     */
    private void run() {
        while (running) {
            if (!readUntilFailure()) {
                return;
            }
            pause(config.topicRefreshInterval()); // not a tight loop if the failure is lasting
        }
    }

    /** @return false once stopping; true after a failure that a new consumer may get past */
    private boolean readUntilFailure() {
        assigned.clear();
        replayTarget.clear();
        try (KafkaConsumer<String, byte[]> kafkaConsumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer = kafkaConsumer;
            Instant nextRefresh = Instant.MIN;
            while (running) {
                if (!Instant.now().isBefore(nextRefresh)) {
                    refresh(kafkaConsumer);
                    nextRefresh = Instant.now().plus(config.topicRefreshInterval());
                }
                if (assigned.isEmpty()) {
                    pause();
                    continue;
                }
                ConsumerRecords<String, byte[]> records = kafkaConsumer.poll(POLL);
                if (!records.isEmpty() && apply(records)) {
                    changes.fire(Changes.What.EVENTS);
                }
                if (!health.replayed()) {
                    health = replayProgress(kafkaConsumer, health.kafkaError());
                }
            }
            return false;
        } catch (WakeupException e) {
            return false; // stopping
        } catch (RuntimeException e) {
            LOG.errorf(e, "the lifecycle feed failed; reading again with a new consumer");
            health = new FeedHealth(health.replayed(), health.behind(), "the feed failed, retrying: " + e);
            return running;
        }
    }

    private boolean apply(ConsumerRecords<String, byte[]> records) {
        return model.update(readModel -> {
            boolean changed = false;
            for (ConsumerRecord<String, byte[]> record : records) {
                if (TopicRecords.isDeadLetterTopic(record.topic())) {
                    changed |= readModel.apply(TopicRecords.deadLetter(record));
                } else {
                    var event = TopicRecords.event(record);
                    if (event.isPresent()) {
                        changed |= readModel.apply(event.get());
                    } else {
                        LOG.debugf("%s-%d@%d is not a lifecycle event; skipped", record.topic(), record.partition(), record.offset());
                    }
                }
            }
            return changed;
        });
    }

    /** Lists the topics: assigns new partitions from their beginning; a failure is Kafka being unavailable. */
    private void refresh(KafkaConsumer<String, byte[]> kafkaConsumer) {
        try {
            Map<String, List<PartitionInfo>> topics = kafkaConsumer.listTopics(config.requestTimeout());
            Set<TopicPartition> wanted = new HashSet<>();
            topics.forEach((topic, partitions) -> {
                if (topic.equals(LifecycleTopic.NAME) || TopicRecords.isDeadLetterTopic(topic)) {
                    partitions.forEach(p -> wanted.add(new TopicPartition(topic, p.partition())));
                }
            });
            wanted.removeAll(assigned);
            if (!wanted.isEmpty()) {
                Map<TopicPartition, Long> ends = kafkaConsumer.endOffsets(wanted, config.requestTimeout());
                assigned.addAll(wanted);
                kafkaConsumer.assign(assigned);
                kafkaConsumer.seekToBeginning(wanted);
                replayTarget.putAll(ends);
                LOG.infof("reading %s from the beginning", wanted);
            }
            health = health.replayed() ? new FeedHealth(true, 0, null) : replayProgress(kafkaConsumer, null);
            if (!topics.containsKey(LifecycleTopic.NAME)) {
                health = new FeedHealth(false, -1, "topic " + LifecycleTopic.NAME + " does not exist");
            }
        } catch (KafkaException e) {
            LOG.warnf("Kafka unavailable: %s", e.getMessage());
            health = new FeedHealth(health.replayed(), health.behind(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private FeedHealth replayProgress(KafkaConsumer<String, byte[]> kafkaConsumer, String kafkaError) {
        if (assigned.isEmpty()) {
            return new FeedHealth(false, -1, kafkaError);
        }
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> target : replayTarget.entrySet()) {
            behind += Math.max(0, target.getValue() - kafkaConsumer.position(target.getKey(), config.requestTimeout()));
        }
        return new FeedHealth(behind == 0, behind, kafkaError);
    }

    private void pause() {
        pause(POLL);
    }

    private void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> values = new HashMap<>(kafka);
        // assign(), not subscribe(): no group to join, no offsets to commit; every start reads everything again
        values.remove(ConsumerConfig.GROUP_ID_CONFIG);
        values.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        values.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        values.put(ConsumerConfig.CLIENT_ID_CONFIG, "console-" + UUID.randomUUID());
        values.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return values;
    }
}
