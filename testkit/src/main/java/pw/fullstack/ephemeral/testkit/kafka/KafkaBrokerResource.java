package pw.fullstack.ephemeral.testkit.kafka;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives a Quarkus test a Kafka broker, the one {@link KafkaBrokerChoice} picks: the one named by
 * {@code KAFKA_BOOTSTRAP_SERVERS} if set, otherwise a Kafka container where a Docker engine answers,
 * otherwise an embedded KRaft broker ({@code EPHEMERAL_KAFKA=embedded|testcontainers} forces one of the
 * last two). A started broker is shared by every test class of the JVM.
 *
 * <p>Init args: {@code partitions} (default 3) for auto-created topics; {@code shared=false} for a
 * broker of this test class's own, stopped with it (clean offsets and topics, 3-5 s more embedded).
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String PARTITIONS_ARG = "partitions";
    public static final String SHARED_ARG = "shared";

    private final Map<String, String> environment;
    private final BooleanSupplier dockerEngineAnswers;
    private int partitions = EmbeddedKafkaBroker.DEFAULT_PARTITIONS;
    private boolean shared = true;
    private AutoCloseable ownBroker;

    public KafkaBrokerResource() {
        this(System.getenv(), DockerEngine::answers);
    }

    KafkaBrokerResource(Map<String, String> environment, BooleanSupplier dockerEngineAnswers) {
        this.environment = environment;
        this.dockerEngineAnswers = dockerEngineAnswers;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        partitions = Integer.parseInt(initArgs.getOrDefault(PARTITIONS_ARG, String.valueOf(EmbeddedKafkaBroker.DEFAULT_PARTITIONS)));
        shared = Boolean.parseBoolean(initArgs.getOrDefault(SHARED_ARG, "true"));
    }

    @Override
    public Map<String, String> start() {
        KafkaBrokerChoice choice = KafkaBrokerChoice.decide(environment, dockerEngineAnswers);
        String bootstrapServers = switch (choice.broker()) {
            case EXTERNAL -> choice.externalBootstrapServers().orElseThrow();
            case TESTCONTAINERS -> started(choice.broker(), this::startContainer);
            case EMBEDDED -> started(choice.broker(), this::startEmbedded);
        };
        return Map.of(
                "kafka.bootstrap.servers", bootstrapServers,
                "quarkus.kafka.devservices.enabled", "false");
    }

    private String started(KafkaBrokerChoice.Broker kind, Supplier<SharedKafkaBroker.Started> start) {
        if (shared) {
            return SharedKafkaBroker.bootstrapServers(kind, partitions, start);
        }
        return start.get().bootstrapServers();
    }

    private SharedKafkaBroker.Started startEmbedded() {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(partitions).start();
        rememberIfOwn(broker);
        return new SharedKafkaBroker.Started(broker.bootstrapServers(), broker::close);
    }

    private SharedKafkaBroker.Started startContainer() {
        KafkaContainerBroker broker = new KafkaContainerBroker(partitions).start();
        rememberIfOwn(broker);
        return new SharedKafkaBroker.Started(broker.bootstrapServers(), broker::close);
    }

    private void rememberIfOwn(AutoCloseable broker) {
        if (!shared) {
            ownBroker = broker;
        }
    }

    /** Stops only a broker of this class's own; the shared one outlives Quarkus restarts. */
    @Override
    public void stop() {
        AutoCloseable stopping = ownBroker;
        ownBroker = null;
        if (stopping != null) {
            try {
                stopping.close();
            } catch (Exception e) {
                throw new IllegalStateException("Kafka broker did not stop cleanly", e);
            }
        }
    }
}
