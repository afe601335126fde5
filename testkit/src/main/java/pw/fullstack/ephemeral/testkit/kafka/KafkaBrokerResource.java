package pw.fullstack.ephemeral.testkit.kafka;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a Kafka broker: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} if set,
 * otherwise an embedded KRaft broker shared by every test class of the JVM.
 *
 * <p>Init args: {@code partitions} (default 3) for auto-created topics; {@code shared=false} for a
 * broker of this test class's own, stopped with it (clean offsets and topics, 3-5 s more).
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String PARTITIONS_ARG = "partitions";
    public static final String SHARED_ARG = "shared";

    private final Map<String, String> environment;
    private int partitions = EmbeddedKafkaBroker.DEFAULT_PARTITIONS;
    private boolean shared = true;
    private EmbeddedKafkaBroker ownBroker;

    public KafkaBrokerResource() {
        this(System.getenv());
    }

    KafkaBrokerResource(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        partitions = Integer.parseInt(initArgs.getOrDefault(PARTITIONS_ARG, String.valueOf(EmbeddedKafkaBroker.DEFAULT_PARTITIONS)));
        shared = Boolean.parseBoolean(initArgs.getOrDefault(SHARED_ARG, "true"));
    }

    @Override
    public Map<String, String> start() {
        KafkaBrokerChoice choice = KafkaBrokerChoice.fromEnvironment(environment);
        String bootstrapServers = choice.externalBootstrapServers().orElseGet(this::embeddedBootstrapServers);
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka.devservices.enabled", "false");
    }

    private String embeddedBootstrapServers() {
        if (shared) {
            return SharedEmbeddedKafkaBroker.bootstrapServers(partitions);
        }
        ownBroker = new EmbeddedKafkaBroker(partitions).start();
        return ownBroker.bootstrapServers();
    }

    /** Stops only a broker of this class's own; the shared one outlives Quarkus restarts. */
    @Override
    public void stop() {
        if (ownBroker != null) {
            ownBroker.close();
            ownBroker = null;
        }
    }
}
