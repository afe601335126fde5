package pw.fullstack.ephemeral.testkit.kafka;

import java.time.Duration;
import java.util.Locale;

import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real Kafka broker in KRaft mode in a container (Testcontainers, the apache/kafka image), configured
 * like {@link EmbeddedKafkaBroker}: one combined node, the same partitions and single-node settings, so a
 * test sees the same broker whichever of the two {@link KafkaBrokerChoice} picked.
 */
public final class KafkaContainerBroker implements AutoCloseable {

    /** The broker of the same Kafka version as the clients (kafka.version in the root pom), pinned. */
    public static final DockerImageName IMAGE = DockerImageName.parse("apache/kafka:4.1.2");

    private static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(2);

    private final int partitionsForAutoCreatedTopics;
    private KafkaContainer container;

    public KafkaContainerBroker(int partitionsForAutoCreatedTopics) {
        if (partitionsForAutoCreatedTopics < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition, got " + partitionsForAutoCreatedTopics);
        }
        this.partitionsForAutoCreatedTopics = partitionsForAutoCreatedTopics;
    }

    /** Pulls the image if needed, starts the container and blocks until the broker accepts clients. */
    public synchronized KafkaContainerBroker start() {
        if (container != null) {
            return this;
        }
        KafkaContainer starting = new KafkaContainer(IMAGE).withStartupTimeout(STARTUP_TIMEOUT);
        EmbeddedKafkaBroker.singleNodeConfig(partitionsForAutoCreatedTopics)
                .forEach((name, value) -> starting.withEnv(environmentVariable(name), value));
        starting.start();
        container = starting;
        return this;
    }

    /** The apache/kafka image's convention: KAFKA_ and the property in capitals, dots as underscores. */
    static String environmentVariable(String brokerProperty) {
        if (brokerProperty.contains("_") || brokerProperty.contains("-")) {
            throw new IllegalArgumentException("not expressible as one of the image's variables: " + brokerProperty);
        }
        return "KAFKA_" + brokerProperty.replace('.', '_').toUpperCase(Locale.ROOT);
    }

    public synchronized String bootstrapServers() {
        if (container == null) {
            throw new IllegalStateException("broker is not running: call start() first");
        }
        return container.getBootstrapServers();
    }

    /** Stops and removes the container (Testcontainers' reaper removes it too if this JVM dies first). */
    @Override
    public synchronized void close() {
        KafkaContainer stopping = container;
        container = null;
        if (stopping != null) {
            stopping.stop();
        }
    }
}
