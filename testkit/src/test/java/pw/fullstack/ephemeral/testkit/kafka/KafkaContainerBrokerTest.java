package pw.fullstack.ephemeral.testkit.kafka;

import java.util.List;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaContainerBrokerTest {

    @Test
    void runsTheSameKafkaVersionAsTheClients() {
        assertThat(KafkaContainerBroker.IMAGE.getRepository()).isEqualTo("apache/kafka");
        assertThat(KafkaContainerBroker.IMAGE.getVersionPart()).isEqualTo(AppInfoParser.getVersion());
    }

    @Test
    void passesTheEmbeddedBrokersSettingsAsTheImagesEnvironmentVariables() {
        assertThat(KafkaContainerBroker.environmentVariable("offsets.topic.num.partitions")).isEqualTo("KAFKA_OFFSETS_TOPIC_NUM_PARTITIONS");
        assertThat(KafkaContainerBroker.environmentVariable("num.partitions")).isEqualTo("KAFKA_NUM_PARTITIONS");
        assertThatThrownBy(() -> KafkaContainerBroker.environmentVariable("some_setting")).isInstanceOf(IllegalArgumentException.class);
        // Every setting the embedded broker has can be given to the container.
        EmbeddedKafkaBroker.singleNodeConfig(3).keySet().forEach(KafkaContainerBroker::environmentVariable);
    }

    /** Only where a Docker engine answers (not on this project's build machines). */
    @Test
    @EnabledIf("pw.fullstack.ephemeral.testkit.kafka.DockerEngine#answers")
    void aContainerBrokerAutoCreatesTopicsWithTheAskedPartitionsAndCarriesRecords() throws Exception {
        try (KafkaContainerBroker broker = new KafkaContainerBroker(4).start()) {
            String bootstrapServers = broker.bootstrapServers();

            KafkaClients.send(bootstrapServers, new ProducerRecord<>("in-a-container", "k", "hello"));
            List<ConsumerRecord<String, String>> received = KafkaClients.consume(bootstrapServers, "in-a-container", 1);

            assertThat(received).extracting(ConsumerRecord::value).containsExactly("hello");
            try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
                assertThat(admin.describeTopics(List.of("in-a-container")).allTopicNames().get().get("in-a-container").partitions())
                        .hasSize(4);
            }
        }
    }
}
