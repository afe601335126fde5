package pw.fullstack.ephemeral.testkit.kafka;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Which Kafka broker a test run gets, decided from the environment and from whether a Docker engine
 * answers — in this order:
 * <ol>
 * <li>{@value #EXTERNAL_BOOTSTRAP_ENV} set: that broker (Strimzi, a CI service); nothing is started;</li>
 * <li>{@value #BROKER_ENV}{@code =embedded} or {@code =testcontainers}: that one, whatever else is there
 * ({@code testcontainers} without a Docker engine is an error, not a quiet fallback);</li>
 * <li>otherwise ({@code auto}, the default): a Kafka container (Testcontainers, {@link KafkaContainerBroker})
 * when a Docker engine answers, the in-process broker ({@link EmbeddedKafkaBroker}) when none does.</li>
 * </ol>
 * The engine is asked only in the last case, so an explicit choice costs no probe.
 */
public record KafkaBrokerChoice(Broker broker, Optional<String> externalBootstrapServers, String reason) {

    public static final String EXTERNAL_BOOTSTRAP_ENV = "KAFKA_BOOTSTRAP_SERVERS";
    public static final String BROKER_ENV = "EPHEMERAL_KAFKA";

    public enum Broker {
        /** The broker {@value #EXTERNAL_BOOTSTRAP_ENV} names. */
        EXTERNAL,
        /** A Kafka container started through Testcontainers. */
        TESTCONTAINERS,
        /** A KRaft broker inside the test JVM. */
        EMBEDDED
    }

    public KafkaBrokerChoice {
        if ((broker == Broker.EXTERNAL) != externalBootstrapServers.isPresent()) {
            throw new IllegalArgumentException("an external broker needs its address, and only it has one: " + broker + " " + externalBootstrapServers);
        }
    }

    public static KafkaBrokerChoice decide(Map<String, String> environment, BooleanSupplier dockerEngineAnswers) {
        String external = environment.get(EXTERNAL_BOOTSTRAP_ENV);
        if (external != null && !external.isBlank()) {
            return new KafkaBrokerChoice(Broker.EXTERNAL, Optional.of(external.trim()), EXTERNAL_BOOTSTRAP_ENV + " is set");
        }
        String wanted = environment.getOrDefault(BROKER_ENV, "").trim().toLowerCase(Locale.ROOT);
        switch (wanted) {
            case "embedded":
                return new KafkaBrokerChoice(Broker.EMBEDDED, Optional.empty(), BROKER_ENV + "=embedded");
            case "testcontainers":
                if (!dockerEngineAnswers.getAsBoolean()) {
                    throw new IllegalStateException(BROKER_ENV + "=testcontainers, but no Docker engine answers (Testcontainers"
                            + " looks at DOCKER_HOST, ~/.testcontainers.properties and the usual sockets); unset it to use the"
                            + " embedded broker");
                }
                return new KafkaBrokerChoice(Broker.TESTCONTAINERS, Optional.empty(), BROKER_ENV + "=testcontainers");
            case "", "auto":
                return dockerEngineAnswers.getAsBoolean()
                        ? new KafkaBrokerChoice(Broker.TESTCONTAINERS, Optional.empty(), "a Docker engine answers")
                        : new KafkaBrokerChoice(Broker.EMBEDDED, Optional.empty(), "no Docker engine answers");
            default:
                throw new IllegalArgumentException(BROKER_ENV + " must be embedded, testcontainers or auto (the default), not '"
                        + environment.get(BROKER_ENV) + "'");
        }
    }

    public boolean startsEmbeddedBroker() {
        return broker == Broker.EMBEDDED;
    }
}
