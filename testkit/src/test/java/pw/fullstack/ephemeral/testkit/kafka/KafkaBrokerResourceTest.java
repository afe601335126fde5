package pw.fullstack.ephemeral.testkit.kafka;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerResourceTest {

    @Test
    void handsOutTheExternalBrokerAndStartsNothingWhenKafkaBootstrapServersIsSet() {
        KafkaBrokerResource resource = new KafkaBrokerResource(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker.example:9092"));
        resource.init(Map.of());

        Map<String, String> config = resource.start();

        assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kafka.bootstrap.servers", "broker.example:9092",
                "quarkus.kafka.devservices.enabled", "false"));
        resource.stop();
    }

    @Test
    void sharesOneEmbeddedBrokerAcrossTestClassesAndKeepsItAcrossAQuarkusRestart() throws Exception {
        KafkaBrokerResource firstTestClass = new KafkaBrokerResource(Map.of());
        firstTestClass.init(Map.of());
        String firstAddress = firstTestClass.start().get("kafka.bootstrap.servers");
        // Quarkus stops the resources of the previous application before it starts the next one.
        firstTestClass.stop();

        KafkaBrokerResource secondTestClass = new KafkaBrokerResource(Map.of());
        secondTestClass.init(Map.of());
        String secondAddress = secondTestClass.start().get("kafka.bootstrap.servers");

        assertThat(secondAddress).isEqualTo(firstAddress);
        KafkaClients.send(secondAddress, new ProducerRecord<>("after-restart", "k", "still here"));
        List<ConsumerRecord<String, String>> received = KafkaClients.consume(secondAddress, "after-restart", 1);
        assertThat(received).extracting(ConsumerRecord::value).containsExactly("still here");
        secondTestClass.stop();
    }
}
