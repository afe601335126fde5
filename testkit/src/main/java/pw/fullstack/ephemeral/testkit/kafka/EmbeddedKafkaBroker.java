package pw.fullstack.ephemeral.testkit.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real Kafka broker in KRaft mode, running inside this JVM: one combined node that is both
 * broker and controller, on a random loopback port.
 *
 * <p>Built on Kafka's own {@code KafkaClusterTestKit}, an internal test API: its version must stay
 * equal to the kafka-clients version the Quarkus BOM manages ({@code kafka.version} in the root pom).
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** More than one, so "scale out = more partitions" and per-key ordering are observable in tests. */
    public static final int DEFAULT_PARTITIONS = 3;

    private final int partitionsForAutoCreatedTopics;
    private final Map<String, String> extraBrokerConfig;
    private KafkaClusterTestKit cluster;
    private String bootstrapServers;

    public EmbeddedKafkaBroker() {
        this(DEFAULT_PARTITIONS);
    }

    public EmbeddedKafkaBroker(int partitionsForAutoCreatedTopics) {
        this(partitionsForAutoCreatedTopics, Map.of());
    }

    /** @param extraBrokerConfig broker properties applied last, e.g. {@code log.retention.ms}. */
    public EmbeddedKafkaBroker(int partitionsForAutoCreatedTopics, Map<String, String> extraBrokerConfig) {
        if (partitionsForAutoCreatedTopics < 1) {
            throw new IllegalArgumentException("a topic needs at least one partition, got " + partitionsForAutoCreatedTopics);
        }
        this.partitionsForAutoCreatedTopics = partitionsForAutoCreatedTopics;
        this.extraBrokerConfig = Map.copyOf(extraBrokerConfig);
    }

    /** Starts the broker and blocks until it accepts clients (3-5 s on a small machine). */
    public synchronized EmbeddedKafkaBroker start() {
        if (cluster != null) {
            return this;
        }
        KafkaLogLevels.quietBrokerLoggers();
        try {
            // Our own directory, deleted by close() after the node stopped. Left to itself, the test kit takes
            // one from TestUtils.tempDirectory(), whose shutdown hook deletes it while another hook is still
            // stopping the broker: the broker then sees its log directory fail and halts the JVM with
            // status 1 (surefire: "Error occurred in starting fork" after every test had passed).
            Path baseDirectory = Files.createTempDirectory("testkit-kafka-");
            TestKitNodes nodes = new TestKitNodes.Builder()
                    .setBaseDirectory(baseDirectory)
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                    .build();
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                    .setDeleteOnClose(true);
            singleNodeConfig(partitionsForAutoCreatedTopics).forEach(builder::setConfigProp);
            extraBrokerConfig.forEach(builder::setConfigProp);
            cluster = started(builder, "embedded Kafka broker");
            bootstrapServers = cluster.bootstrapServers();
            return this;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("embedded Kafka broker did not start", e);
        }
    }

    /** Builds, formats and starts a test-kit cluster and waits for its brokers; stopped again if any of it fails. */
    static KafkaClusterTestKit started(KafkaClusterTestKit.Builder builder, String what) {
        KafkaClusterTestKit starting = null;
        try {
            starting = builder.build();
            starting.format();
            starting.startup();
            starting.waitForReadyBrokers();
            return starting;
        } catch (Exception e) {
            closeQuietly(starting);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException(what + " did not start", e);
        }
    }

    /** What one node that is the whole cluster needs (also {@link KafkaContainerBroker}'s and {@link ScramTlsKafkaBroker}'s, so the brokers behave alike). */
    static Map<String, String> singleNodeConfig(int partitionsForAutoCreatedTopics) {
        // Strings: Kafka parses them to each setting's own type (a replication factor is a short).
        return Map.ofEntries(
                // A single node cannot hold more than one replica of anything.
                Map.entry("offsets.topic.replication.factor", "1"),
                Map.entry("transaction.state.log.replication.factor", "1"),
                Map.entry("transaction.state.log.min.isr", "1"),
                Map.entry("share.coordinator.state.topic.replication.factor", "1"),
                Map.entry("share.coordinator.state.topic.min.isr", "1"),
                Map.entry("default.replication.factor", "1"),
                Map.entry("min.insync.replicas", "1"),
                // The default 50 offsets partitions cost seconds on two cores at the first group join.
                Map.entry("offsets.topic.num.partitions", "5"),
                // A consumer group otherwise waits 3 s before its first assignment.
                Map.entry("group.initial.rebalance.delay.ms", "0"),
                Map.entry("auto.create.topics.enable", "true"),
                Map.entry("num.partitions", String.valueOf(partitionsForAutoCreatedTopics)));
    }

    public synchronized String bootstrapServers() {
        if (cluster == null) {
            throw new IllegalStateException("broker is not running: call start() first");
        }
        return bootstrapServers;
    }

    public synchronized boolean isRunning() {
        return cluster != null;
    }

    public int partitionsForAutoCreatedTopics() {
        return partitionsForAutoCreatedTopics;
    }

    /** Stops the broker and deletes its log directories. */
    @Override
    public synchronized void close() {
        KafkaClusterTestKit stopping = cluster;
        cluster = null;
        bootstrapServers = null;
        stop(stopping, "embedded Kafka broker");
    }

    static void stop(KafkaClusterTestKit stopping, String what) {
        if (stopping != null) {
            try {
                stopping.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IllegalStateException(what + " did not stop cleanly", e);
            }
        }
    }

    private static void closeQuietly(KafkaClusterTestKit kit) {
        if (kit == null) {
            return;
        }
        try {
            kit.close();
        } catch (Exception ignored) {
            // Already failing to start; the start failure is the one worth reporting.
        }
    }
}
