package pw.fullstack.ephemeral.bridge.it;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import pw.fullstack.ephemeral.bridge.GitHubPayloads;
import pw.fullstack.ephemeral.bridge.translation.DeliveryIds;
import pw.fullstack.ephemeral.contracts.envelope.EventEnvelope;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleRecordCodec;
import pw.fullstack.ephemeral.contracts.envelope.LifecycleTopic;
import pw.fullstack.ephemeral.contracts.events.EventType;
import pw.fullstack.ephemeral.contracts.events.LifecycleEvent;
import pw.fullstack.ephemeral.contracts.naming.ClusterNaming;
import pw.fullstack.ephemeral.contracts.pr.PullRequestRef;

/** Everything on the lifecycle topic, from the beginning, decoded as any consumer would decode it. */
final class LifecycleTopicReader implements AutoCloseable {

    /** One record: its key and what it decodes to. */
    record Published(String key, EventEnvelope<LifecycleEvent> envelope) {
    }

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Published> records = new CopyOnWriteArrayList<>();
    private final Thread thread;

    LifecycleTopicReader(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "bridge-test-reader-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, "500");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(LifecycleTopic.NAME));
        thread = new Thread(this::read, "lifecycle-topic-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(new Published(r.key(), LifecycleRecordCodec.decode(r.headers(), r.value())));
                }
            }
        } catch (WakeupException closing) {
            // close()
        } finally {
            consumer.close();
        }
    }

    /** Records whose key (the cluster name) is {@code cluster}, in partition order. */
    List<Published> forCluster(String cluster) {
        return records.stream().filter(r -> cluster.equals(r.key())).toList();
    }

    /** The envelopes of the PR's cluster (the default naming), in partition order. */
    List<EventEnvelope<LifecycleEvent>> forPullRequest(String repository, int number) {
        String cluster = ClusterNaming.defaults().clusterName(PullRequestRef.of(repository, number)).value();
        return forCluster(cluster).stream().map(Published::envelope).toList();
    }

    /**
     * Sends a good {@code opened} webhook for the PR and checks that its event is the only record of the PR's
     * cluster: same key, same partition, same producer, so anything published before would be read first.
     * Proves that deliveries answered before it published nothing.
     */
    void assertOnlyTheNextGoodDeliveryIsPublished(String repository, int number) {
        String delivery = GitHubDeliveries.newDeliveryId();
        GitHubDeliveries.deliver("pull_request", delivery, GitHubPayloads.bytes(GitHubPayloads.pullRequest("opened", repository,
                number))).then().statusCode(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !forPullRequest(repository, number).isEmpty());
        Assertions.assertThat(forPullRequest(repository, number)).extracting(EventEnvelope::id)
                .containsExactly(DeliveryIds.eventId(delivery, EventType.PR_OPENED));
    }

    List<Published> all() {
        return new ArrayList<>(records);
    }

    @Override
    public void close() {
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
