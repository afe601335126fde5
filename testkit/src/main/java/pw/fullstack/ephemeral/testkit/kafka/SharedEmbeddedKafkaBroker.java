package pw.fullstack.ephemeral.testkit.kafka;

/**
 * One embedded broker per JVM (per partition count), started on first use and stopped when the JVM
 * exits, so a test run pays the broker's start-up once rather than once per Quarkus restart.
 *
 * <p>Quarkus loads test resources again in a fresh class loader when it restarts the application
 * between test classes, so a static field alone would start a second broker. The running broker's
 * address is therefore registered in a system property, which every class loader sees, and start-up
 * is serialised on an interned string, which is one object JVM-wide.
 */
final class SharedEmbeddedKafkaBroker {

    private static final String REGISTRY_PROPERTY_PREFIX = "testkit.kafka.shared-bootstrap-servers.partitions-";
    private static final String JVM_WIDE_LOCK = "pw.fullstack.ephemeral.testkit.kafka.SharedEmbeddedKafkaBroker.lock".intern();

    private SharedEmbeddedKafkaBroker() {
    }

    static String bootstrapServers(int partitionsForAutoCreatedTopics) {
        String registryKey = REGISTRY_PROPERTY_PREFIX + partitionsForAutoCreatedTopics;
        synchronized (JVM_WIDE_LOCK) {
            String running = System.getProperty(registryKey);
            if (running != null) {
                return running;
            }
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(partitionsForAutoCreatedTopics).start();
            Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "testkit-shared-kafka-broker-stop"));
            System.setProperty(registryKey, broker.bootstrapServers());
            return broker.bootstrapServers();
        }
    }
}
