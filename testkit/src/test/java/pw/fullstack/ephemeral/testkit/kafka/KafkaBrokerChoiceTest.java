package pw.fullstack.ephemeral.testkit.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import pw.fullstack.ephemeral.testkit.kafka.KafkaBrokerChoice.Broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaBrokerChoiceTest {

    private static final BooleanSupplier DOCKER_ANSWERS = () -> true;
    private static final BooleanSupplier NO_DOCKER = () -> false;
    private static final BooleanSupplier DOCKER_MUST_NOT_BE_ASKED = () -> {
        throw new AssertionError("the Docker engine was probed although the environment had decided");
    };

    @ParameterizedTest(name = "KAFKA_BOOTSTRAP_SERVERS={0}, EPHEMERAL_KAFKA={1}, Docker engine answers: {2} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # KAFKA_BOOTSTRAP_SERVERS, EPHEMERAL_KAFKA, engine, broker
            kafka-0:9092,              -,              true,   EXTERNAL
            kafka-0:9092,              embedded,       false,  EXTERNAL
            kafka-0:9092,              testcontainers, false,  EXTERNAL
            -,                         -,              true,   TESTCONTAINERS
            -,                         -,              false,  EMBEDDED
            -,                         auto,           true,   TESTCONTAINERS
            -,                         AUTO,           false,  EMBEDDED
            -,                         embedded,       true,   EMBEDDED
            -,                         Embedded,       false,  EMBEDDED
            -,                         testcontainers, true,   TESTCONTAINERS
            '  ',                      -,              false,  EMBEDDED
            '  ',                      '',             true,   TESTCONTAINERS
            """)
    void picksTheExternalBrokerThenTheForcedOneThenAContainerWhereDockerAnswersThenTheEmbeddedOne(
            String bootstrapServers, String forced, boolean engineAnswers, Broker expected) {
        Map<String, String> environment = new HashMap<>();
        if (bootstrapServers != null) {
            environment.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
        }
        if (forced != null) {
            environment.put("EPHEMERAL_KAFKA", forced);
        }

        KafkaBrokerChoice choice = KafkaBrokerChoice.decide(environment, () -> engineAnswers);

        assertThat(choice.broker()).isEqualTo(expected);
        assertThat(choice.startsEmbeddedBroker()).isEqualTo(expected == Broker.EMBEDDED);
    }

    @Test
    void usesTheExternalBrokerAsNamedWithoutAskingDocker() {
        KafkaBrokerChoice choice = KafkaBrokerChoice.decide(Map.of("KAFKA_BOOTSTRAP_SERVERS", " kafka-0:9092,kafka-1:9092 "),
                DOCKER_MUST_NOT_BE_ASKED);

        assertThat(choice.externalBootstrapServers()).contains("kafka-0:9092,kafka-1:9092");
        assertThat(choice.reason()).isEqualTo("KAFKA_BOOTSTRAP_SERVERS is set");
    }

    @Test
    void aForcedEmbeddedBrokerCostsNoDockerProbe() {
        KafkaBrokerChoice choice = KafkaBrokerChoice.decide(Map.of("EPHEMERAL_KAFKA", "embedded"), DOCKER_MUST_NOT_BE_ASKED);

        assertThat(choice.broker()).isEqualTo(Broker.EMBEDDED);
        assertThat(choice.externalBootstrapServers()).isEmpty();
    }

    @Test
    void forcingTestcontainersWithoutADockerEngineFailsInsteadOfQuietlyFallingBack() {
        assertThatThrownBy(() -> KafkaBrokerChoice.decide(Map.of("EPHEMERAL_KAFKA", "testcontainers"), NO_DOCKER))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("EPHEMERAL_KAFKA=testcontainers, but no Docker engine answers");
    }

    @Test
    void refusesAnUnknownBrokerNamingTheOnesThereAre() {
        assertThatThrownBy(() -> KafkaBrokerChoice.decide(Map.of("EPHEMERAL_KAFKA", "docker"), DOCKER_ANSWERS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EPHEMERAL_KAFKA must be embedded, testcontainers or auto (the default), not 'docker'");
    }
}
