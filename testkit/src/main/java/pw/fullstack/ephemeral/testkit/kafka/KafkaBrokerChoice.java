package pw.fullstack.ephemeral.testkit.kafka;

import java.util.Map;
import java.util.Optional;

/**
 * Which broker a test run uses, decided from the environment alone: an external one when
 * {@value #EXTERNAL_BOOTSTRAP_ENV} names it (Testcontainers, Strimzi, a CI service), otherwise an
 * embedded one.
 */
public record KafkaBrokerChoice(Optional<String> externalBootstrapServers) {

    public static final String EXTERNAL_BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";

    public static KafkaBrokerChoice fromEnvironment(Map<String, String> environment) {
        String external = environment.get(EXTERNAL_BOOTSTRAP_ENV);
        if (external == null || external.isBlank()) {
            return new KafkaBrokerChoice(Optional.empty());
        }
        return new KafkaBrokerChoice(Optional.of(external.trim()));
    }

    public boolean startsEmbeddedBroker() {
        return externalBootstrapServers.isEmpty();
    }
}
