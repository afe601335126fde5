package pw.fullstack.ephemeral.testkit.kafka;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedKafkaBrokerTest {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaBroker(4).start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void deliversKeysValuesAndHeadersIntactToAConsumerGroup() throws Exception {
        ProducerRecord<String, String> sent = new ProducerRecord<>("ephemeral.cluster-lifecycle", null,
                "pr-shop-42", "{\"pr\":42}",
                List.of(new RecordHeader("ce_type", "PrOpened".getBytes(StandardCharsets.UTF_8)),
                        new RecordHeader("ce_id", "e-1".getBytes(StandardCharsets.UTF_8))));

        KafkaClients.send(broker.bootstrapServers(), sent);
        List<ConsumerRecord<String, String>> received = KafkaClients.consume(broker.bootstrapServers(), "ephemeral.cluster-lifecycle", 1);

        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("pr-shop-42");
            assertThat(record.value()).isEqualTo("{\"pr\":42}");
            assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8)).isEqualTo("PrOpened");
            assertThat(new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo("e-1");
        });
    }

    @Test
    void autoCreatesTopicsWithTheConfiguredNumberOfPartitions() throws Exception {
        KafkaClients.send(broker.bootstrapServers(), new ProducerRecord<>("auto-created", "k", "v"));

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            var description = admin.describeTopics(List.of("auto-created")).allTopicNames().get().get("auto-created");
            assertThat(description.partitions()).hasSize(4);
        }
    }

    @Test
    void keepsAllRecordsOfOneKeyOnOnePartitionInOrder() throws Exception {
        for (int i = 0; i < 5; i++) {
            KafkaClients.send(broker.bootstrapServers(), new ProducerRecord<>("ordered", "pr-api-7", "event-" + i));
        }

        List<ConsumerRecord<String, String>> received = KafkaClients.consume(broker.bootstrapServers(), "ordered", 5);

        Set<Integer> partitions = received.stream().map(ConsumerRecord::partition).collect(Collectors.toSet());
        assertThat(partitions).hasSize(1);
        assertThat(received).extracting(ConsumerRecord::value)
                .containsExactly("event-0", "event-1", "event-2", "event-3", "event-4");
    }

    @Test
    void refusesToHandOutAnAddressBeforeItIsStarted() {
        EmbeddedKafkaBroker notStarted = new EmbeddedKafkaBroker();

        assertThatThrownBy(notStarted::bootstrapServers).isInstanceOf(IllegalStateException.class);
        assertThat(notStarted.isRunning()).isFalse();
    }

    @Test
    void rejectsATopicDefaultOfZeroPartitions() {
        assertThatThrownBy(() -> new EmbeddedKafkaBroker(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
