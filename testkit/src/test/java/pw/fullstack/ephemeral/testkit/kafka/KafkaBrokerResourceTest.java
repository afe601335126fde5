package pw.fullstack.ephemeral.testkit.kafka;

import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerResourceTest {

    private static final BooleanSupplier NO_DOCKER_ENGINE = () -> false;
    private static final BooleanSupplier DOCKER_MUST_NOT_BE_ASKED = () -> {
        throw new AssertionError("the Docker engine was probed although the environment had decided");
    };

    @Test
    void handsOutTheExternalBrokerAndStartsNothingWhenKafkaBootstrapServersIsSet() {
        KafkaBrokerResource resource = new KafkaBrokerResource(Map.of("KAFKA_BOOTSTRAP_SERVERS", "broker.example:9092"), DOCKER_MUST_NOT_BE_ASKED);
        resource.init(Map.of());

        Map<String, String> config = resource.start();

        assertThat(config).containsExactlyInAnyOrderEntriesOf(Map.of(
                "kafka.bootstrap.servers", "broker.example:9092",
                "quarkus.kafka.devservices.enabled", "false"));
        resource.stop();
    }

    @Test
    void withoutADockerEngineSharesOneEmbeddedBrokerAcrossTestClassesAndKeepsItAcrossAQuarkusRestart() throws Exception {
        KafkaBrokerResource firstTestClass = new KafkaBrokerResource(Map.of(), NO_DOCKER_ENGINE);
        firstTestClass.init(Map.of());
        String firstAddress = firstTestClass.start().get("kafka.bootstrap.servers");
        // Quarkus stops the resources of the previous application before it starts the next one.
        firstTestClass.stop();

        KafkaBrokerResource secondTestClass = new KafkaBrokerResource(Map.of(), NO_DOCKER_ENGINE);
        secondTestClass.init(Map.of());
        String secondAddress = secondTestClass.start().get("kafka.bootstrap.servers");

        assertThat(secondAddress).isEqualTo(firstAddress);
        KafkaClients.send(secondAddress, new ProducerRecord<>("after-restart", "k", "still here"));
        List<ConsumerRecord<String, String>> received = KafkaClients.consume(secondAddress, "after-restart", 1);
        assertThat(received).extracting(ConsumerRecord::value).containsExactly("still here");
        secondTestClass.stop();
    }
}
