package pw.fullstack.ephemeral.testkit.kafka;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KafkaBrokerChoiceTest {

    @Test
    void usesTheExternalBrokerNamedByKafkaBootstrapServers() {
        KafkaBrokerChoice choice = KafkaBrokerChoice.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", " kafka-0:9092,kafka-1:9092 "));

        assertThat(choice.startsEmbeddedBroker()).isFalse();
        assertThat(choice.externalBootstrapServers()).contains("kafka-0:9092,kafka-1:9092");
    }

    @Test
    void startsAnEmbeddedBrokerWhenTheVariableIsAbsent() {
        KafkaBrokerChoice choice = KafkaBrokerChoice.fromEnvironment(Map.of("PATH", "/usr/bin"));

        assertThat(choice.startsEmbeddedBroker()).isTrue();
        assertThat(choice.externalBootstrapServers()).isEmpty();
    }

    @Test
    void treatsABlankVariableAsAbsent() {
        assertThat(KafkaBrokerChoice.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", "  ")).startsEmbeddedBroker()).isTrue();
    }
}
